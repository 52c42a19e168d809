import type { Models } from '../models';
import { isDuplicateKey } from '../models/duplicate-key';

export interface ContactCopy {
  userId: string;
  email: string;
  name: string;
  /** When the user service recorded this version of the profile. */
  asOf: Date;
}

/**
 * Keeps the local copy of a user's contact data. An older event never overwrites a newer copy, and a deleted
 * user stays deleted: in both cases the filter does not match and the upsert is refused as a duplicate.
 */
export async function saveContact(models: Models, copy: ContactCopy): Promise<'saved' | 'ignored'> {
  try {
    await models.contacts.updateOne(
      { _id: copy.userId, deletedAt: { $exists: false }, $or: [{ asOf: { $exists: false } }, { asOf: { $lte: copy.asOf } }] },
      { $set: { email: copy.email, name: copy.name, asOf: copy.asOf } },
      { upsert: true },
    );
    return 'saved';
  } catch (error) {
    if (isDuplicateKey(error)) return 'ignored';
    throw error;
  }
}

/** Forgets the user: contact data, preferences and notifications; a bare tombstone keeps late events from recreating them. */
export async function eraseUser(models: Models, userId: string, at: Date): Promise<void> {
  await models.contacts.replaceOne({ _id: userId }, { deletedAt: at }, { upsert: true });
  await models.notifications.deleteMany({ userId });
  await models.emailClaims.deleteMany({ userId });
  await models.sequences.deleteOne({ _id: userId });
}
