import { notFound } from '@shopwire/service-kit';
import type { StoreDeps } from '../deps';
import { DEFAULT_PREFERENCES, type Preferences } from '../models/contact.model';
import { changeContact } from './contacts';

export async function getPreferences({ store, models }: StoreDeps, userId: string): Promise<Preferences> {
  const stored = (await store.get(models.contacts, userId, { preferences: 1 }))?.preferences;
  return stored ? { email: stored.email, inApp: stored.inApp } : { ...DEFAULT_PREFERENCES };
}

/** Replaces the user's channel opt-outs; they apply to every notification from now on. */
export async function setPreferences(deps: StoreDeps, userId: string, preferences: Preferences): Promise<Preferences> {
  const saved = await changeContact(
    deps,
    userId,
    { deletedAt: { $exists: false } },
    { $set: { preferences } },
    { preferences },
  );
  // Only a deleted user's tombstone refuses the change.
  if (!saved) throw notFound('USER_NOT_FOUND', 'This user no longer exists.');
  return { email: preferences.email, inApp: preferences.inApp };
}
