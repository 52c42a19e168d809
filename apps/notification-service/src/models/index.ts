import type { Connection } from 'mongoose';
import { adminModel, type AdminModel } from './admin.model';
import { contactModel, type ContactModel } from './contact.model';
import { inboxSequenceModel, type InboxSequenceModel } from './inbox-sequence.model';
import { notificationModel, type NotificationModel } from './notification.model';

export interface Models {
  contacts: ContactModel;
  notifications: NotificationModel;
  sequences: InboxSequenceModel;
  admins: AdminModel;
}

export function modelsOn(connection: Connection): Models {
  return {
    contacts: contactModel(connection),
    notifications: notificationModel(connection),
    sequences: inboxSequenceModel(connection),
    admins: adminModel(connection),
  };
}
