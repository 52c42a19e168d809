import { notFound } from '@shopwire/service-kit';
import { isValidObjectId } from 'mongoose';
import type { Identity, RequestMeta } from '../identity';
import type { UserDocument } from '../models/user.model';
import { revokeAllSessions } from '../auth/sessions';
import { recordUserEvent } from './user-events';
import { toUserView, type UserView } from './user-view';

/** A live (not deleted) account, or 404 — also for a malformed id. */
export async function findActiveUser(identity: Identity, userId: string): Promise<UserDocument> {
  const user = isValidObjectId(userId) ? await identity.users.findOne({ _id: userId, deletedAt: null }) : null;
  if (!user) throw notFound('USER_NOT_FOUND', 'No such user.');
  return user;
}

export async function getProfile(identity: Identity, userId: string): Promise<UserView> {
  return toUserView(await findActiveUser(identity, userId));
}

export async function updateProfile(identity: Identity, userId: string, changes: { name?: string }, meta: RequestMeta): Promise<UserView> {
  const user = await findActiveUser(identity, userId);
  if (changes.name === undefined || changes.name === user.name) return toUserView(user);
  user.name = changes.name;
  recordUserEvent(user, 'user.updated', { userId: user.id as string, email: user.email, name: user.name }, meta);
  await user.save();
  identity.publishEvents();
  return toUserView(user);
}

/**
 * Deletion keeps the document (orders still point at it) but erases what identifies the person, frees the email
 * for a new registration, and ends every login.
 */
export async function deleteAccount(identity: Identity, userId: string, meta: RequestMeta): Promise<void> {
  const user = await findActiveUser(identity, userId);
  user.set({
    email: `deleted-${user.id as string}@deleted.invalid`,
    emailNormalized: `deleted:${user.id as string}`,
    name: 'Deleted user',
    passwordHash: null,
    addresses: [],
    roles: [],
    deletedAt: new Date(),
  });
  recordUserEvent(user, 'user.deleted', { userId: user.id as string }, meta);
  await user.save();
  identity.publishEvents();
  await revokeAllSessions(identity, user.id as string);
}
