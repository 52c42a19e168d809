import type { FastifyBaseLogger } from 'fastify';
import type { StoreDeps } from '../deps';
import { isDuplicateKey } from '@shopwire/service-kit';
import type { NotificationContent } from './content';
import { notifyUser, type NotifyDeps } from './notify-user';

/** A deleted account is never an admin again, whatever roles change arrives late. */
export const FORGOTTEN = Number.MAX_SAFE_INTEGER;

/** Records whether the user is an admin as of `accessVersion`, unless a later change is recorded already. */
export async function recordAdmin(
  { store, models }: StoreDeps,
  userId: string,
  admin: boolean,
  accessVersion: number,
): Promise<void> {
  const newer = await store.update(
    models.admins,
    userId,
    { accessVersion: { $lt: accessVersion } },
    { $set: { admin, accessVersion } },
  );
  if (newer || (await store.get(models.admins, userId))) return;
  try {
    await store.insert(models.admins, { _id: userId, admin, accessVersion });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    await store.update(
      models.admins,
      userId,
      { accessVersion: { $lt: accessVersion } },
      { $set: { admin, accessVersion } },
    );
  }
}

/** Every current admin: a read of the admins' copy (a few documents), made once per daily report, not per order. */
export async function currentAdmins({ models }: StoreDeps): Promise<string[]> {
  return (await models.admins.find({ admin: true }, { _id: 1 }).lean()).map((entry) => entry._id);
}

/** Every current admin gets the content in the inbox and by email, once per admin (the notification's `_id`); answers how many. */
export async function notifyAdmins(
  deps: Omit<NotifyDeps, 'log'>,
  log: FastifyBaseLogger,
  eventId: string,
  content: NotificationContent,
): Promise<number> {
  const admins = await currentAdmins(deps);
  for (const userId of admins) await notifyUser({ ...deps, log }, { eventId, userId, content });
  return admins.length;
}
