import type { Connection } from 'mongoose';
import { contactModel, type ContactModel } from './contact.model';
import { emailClaimModel, type EmailClaimModel } from './email-claim.model';
import { inboxSequenceModel, type InboxSequenceModel } from './inbox-sequence.model';
import { notificationModel, type NotificationModel } from './notification.model';

export interface Models {
  contacts: ContactModel;
  notifications: NotificationModel;
  sequences: InboxSequenceModel;
  emailClaims: EmailClaimModel;
}

export function modelsOn(connection: Connection): Models {
  return {
    contacts: contactModel(connection),
    notifications: notificationModel(connection),
    sequences: inboxSequenceModel(connection),
    emailClaims: emailClaimModel(connection),
  };
}

/**
 * Builds the indexes once (again after a failure). Event handlers wait for it: on a fresh database events can
 * arrive before mongoose's own background build, and the unique indexes are what keep re-runs harmless.
 */
export function indexBuilder(models: Models): () => Promise<void> {
  let built: Promise<void> | undefined;
  return () => {
    built ??= Promise.all(Object.values(models).map((model: Models[keyof Models]) => model.createIndexes())).then(
      () => undefined,
      (error: unknown) => {
        built = undefined;
        throw error;
      },
    );
    return built;
  };
}
