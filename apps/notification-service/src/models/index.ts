import type { Connection } from 'mongoose';
import { untilDone, type AggregateStore } from '@shopwire/service-kit';
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

/** The collections, and the store through which every read and write of one of their documents goes by `_id`. */
export interface StoreDeps {
  store: AggregateStore;
  models: Models;
}

export function modelsOn(connection: Connection): Models {
  return {
    contacts: contactModel(connection),
    notifications: notificationModel(connection),
    sequences: inboxSequenceModel(connection),
    admins: adminModel(connection),
  };
}

/**
 * Builds the indexes once (again after a failure). Event handlers wait for it: on a fresh database events can
 * arrive before mongoose's own background build, and the unique (userId, seq) index is what keeps a number taken
 * twice by racing replicas from being stored twice.
 */
export function indexBuilder(models: Models): () => Promise<void> {
  return untilDone(() => Promise.all(Object.values(models).map((model: Models[keyof Models]) => model.createIndexes())));
}
