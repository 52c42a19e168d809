import type { Connection } from 'mongoose';
import { contactModel, type ContactModel } from './contact.model';
import { notificationModel, type NotificationModel } from './notification.model';

export interface Models {
  contacts: ContactModel;
  notifications: NotificationModel;
}

export function modelsOn(connection: Connection): Models {
  return { contacts: contactModel(connection), notifications: notificationModel(connection) };
}
