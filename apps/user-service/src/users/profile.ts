import type { EventCause } from '@shopwire/contracts';
import { notFound, objectIdOr } from '@shopwire/service-kit';
import { Types } from 'mongoose';
import type { UserServiceDeps } from '../deps';
import type { UserRecord } from '../models/user.model';
import { userEvent } from './user-events';
import { toUserView, type UserView } from './user-view';

const userNotFound = () => notFound('USER_NOT_FOUND', 'No such user.');
const LIVE = { deletedAt: null };

/** The `_id` of an account, or 404 for a malformed one. */
export function userKey(userId: string): Types.ObjectId {
  return objectIdOr(userId, userNotFound);
}

/** A live (not deleted) account, or 404 — also for a malformed id. */
export async function findActiveUser(deps: UserServiceDeps, userId: string): Promise<UserRecord> {
  const user = await deps.store.get(deps.models.users, userKey(userId));
  if (!user || user.deletedAt !== null) throw userNotFound();
  return user;
}

export async function getProfile(deps: UserServiceDeps, userId: string): Promise<UserView> {
  return toUserView(await findActiveUser(deps, userId));
}

export async function updateProfile(
  deps: UserServiceDeps,
  userId: string,
  changes: { name?: string },
  meta: EventCause,
): Promise<UserView> {
  const user = await findActiveUser(deps, userId);
  if (changes.name === undefined || changes.name === user.name) return toUserView(user);
  const event = userEvent(
    'user.updated',
    { userId: user._id.toHexString(), email: user.email, name: changes.name },
    meta,
  );
  const updated = await deps.store.update(deps.models.users, user._id, LIVE, {
    $set: { name: changes.name },
    $push: { outbox: event },
  });
  if (!updated) throw userNotFound();
  return toUserView(updated);
}

/**
 * Deletion keeps the document (orders still point at it) but erases what identifies the person, and then frees
 * the email. Its logins end because a refresh reads the account. Killed between the two writes, the email's key
 * still names the deleted account, and a registration of that email moves it (see accounts).
 */
export async function deleteAccount(deps: UserServiceDeps, userId: string, meta: EventCause): Promise<void> {
  const user = await findActiveUser(deps, userId);
  const id = user._id.toHexString();
  const deleted = await deps.store.update(deps.models.users, user._id, LIVE, {
    $set: {
      email: `deleted-${id}@deleted.invalid`,
      emailNormalized: `deleted:${id}`,
      name: 'Deleted user',
      passwordHash: null,
      addresses: [],
      roles: [],
      deletedAt: new Date(),
    },
    $push: { outbox: userEvent('user.deleted', { userId: id }, meta) },
  });
  if (!deleted) throw userNotFound();
  await deps.store.remove(deps.models.emails, user.emailNormalized, { userId: id });
}
