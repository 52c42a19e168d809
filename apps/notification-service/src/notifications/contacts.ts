import type { UpdateQuery } from 'mongoose';
import type { StoreDeps } from '../deps';
import type { Contact } from '../models/contact.model';
import { isDuplicateKey } from '@shopwire/service-kit';

export interface ContactCopy {
  userId: string;
  email: string;
  name: string;
  /** When the user service recorded this version of the profile. */
  asOf: Date;
}

// A round misses only when the contact is created between its read and its insert; the next one updates it.
const ROUNDS = 3;

/**
 * Changes the user's contact when it exists and matches `when`, or creates it as `created` when there is none
 * (by insert: `_id` is the user id, so two creators cannot both get in). Returns the contact as written, or
 * undefined when it exists and does not match.
 */
export async function changeContact(
  deps: StoreDeps,
  userId: string,
  when: Record<string, unknown>,
  change: UpdateQuery<Contact>,
  created: Omit<Contact, '_id'>,
): Promise<Contact | undefined> {
  const { store, models } = deps;
  for (let round = 1; round <= ROUNDS; round++) {
    if (await store.get(models.contacts, userId, { _id: 1 }))
      return (await store.update(models.contacts, userId, when, change)) ?? undefined;
    try {
      return await store.insert(models.contacts, { _id: userId, ...created });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
  throw new Error(`the contact of user ${userId} kept changing`);
}

/**
 * Keeps the local copy of a user's contact data. An older event never overwrites a newer copy, and a deleted
 * user stays deleted.
 */
export async function saveContact(deps: StoreDeps, copy: ContactCopy): Promise<'saved' | 'ignored'> {
  const { userId, email, name, asOf } = copy;
  const current = { deletedAt: { $exists: false }, $or: [{ asOf: { $exists: false } }, { asOf: { $lte: asOf } }] };
  const saved = await changeContact(deps, userId, current, { $set: { email, name, asOf } }, { email, name, asOf });
  return saved ? 'saved' : 'ignored';
}

/**
 * Forgets the user: contact data, preferences, counter and notifications; a bare tombstone keeps late events from
 * recreating them. Erasing the notifications is one deleteMany by userId — a bulk over one user's documents, the
 * only store operation of an event that is not a single `_id`.
 */
export async function eraseUser(deps: StoreDeps, userId: string, at: Date): Promise<void> {
  const { store, models } = deps;
  await store.update(
    models.contacts,
    userId,
    undefined,
    { $set: { deletedAt: at }, $unset: { email: '', name: '', asOf: '', preferences: '' } },
    { upsert: true },
  );
  await models.notifications.deleteMany({ userId });
  await store.remove(models.sequences, userId);
}
