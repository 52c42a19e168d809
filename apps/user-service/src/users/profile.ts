import { notFound, objectIdOr } from '@shopwire/service-kit';
import { Types } from 'mongoose';
import type { Identity, RequestMeta } from '../identity';
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
export async function findActiveUser(identity: Identity, userId: string): Promise<UserRecord> {
  const user = await identity.store.get(identity.users, userKey(userId));
  if (!user || user.deletedAt !== null) throw userNotFound();
  return user;
}

export async function getProfile(identity: Identity, userId: string): Promise<UserView> {
  return toUserView(await findActiveUser(identity, userId));
}

export async function updateProfile(identity: Identity, userId: string, changes: { name?: string }, meta: RequestMeta): Promise<UserView> {
  const user = await findActiveUser(identity, userId);
  if (changes.name === undefined || changes.name === user.name) return toUserView(user);
  const event = userEvent('user.updated', { userId: user._id.toHexString(), email: user.email, name: changes.name }, meta);
  const updated = await identity.store.update(identity.users, user._id, LIVE, { $set: { name: changes.name }, $push: { outbox: event } });
  if (!updated) throw userNotFound();
  return toUserView(updated);
}

/**
 * Deletion keeps the document (orders still point at it) but erases what identifies the person, and then frees
 * the email. Its logins end because a refresh reads the account. Killed between the two writes, the email's key
 * still names the deleted account, and a registration of that email moves it (see accounts).
 */
export async function deleteAccount(identity: Identity, userId: string, meta: RequestMeta): Promise<void> {
  const user = await findActiveUser(identity, userId);
  const id = user._id.toHexString();
  const deleted = await identity.store.update(identity.users, user._id, LIVE, {
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
  await identity.store.remove(identity.emails, user.emailNormalized, { userId: id });
}
