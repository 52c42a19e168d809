import { notFound } from '@shopwire/service-kit';
import type { Models } from '../models';
import { DEFAULT_PREFERENCES, type Preferences } from '../models/contact.model';
import { isDuplicateKey } from '../models/duplicate-key';

export async function getPreferences(models: Models, userId: string): Promise<Preferences> {
  const contact = await models.contacts.findById(userId, { preferences: 1 }).lean();
  const stored = contact?.preferences;
  return stored ? { email: stored.email, inApp: stored.inApp } : { ...DEFAULT_PREFERENCES };
}

/** Replaces the user's channel opt-outs; they apply to every notification from now on. */
export async function setPreferences(models: Models, userId: string, preferences: Preferences): Promise<Preferences> {
  try {
    await models.contacts.updateOne({ _id: userId, deletedAt: { $exists: false } }, { $set: { preferences } }, { upsert: true });
  } catch (error) {
    // Only a deleted user's tombstone refuses the upsert.
    if (isDuplicateKey(error)) throw notFound('USER_NOT_FOUND', 'This user no longer exists.');
    throw error;
  }
  return { email: preferences.email, inApp: preferences.inApp };
}
