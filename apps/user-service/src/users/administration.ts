import type { EventCause } from '@shopwire/contracts';
import { conflict, cursorCodec, isObjectId, notFound } from '@shopwire/service-kit';
import type { UserServiceDeps } from '../deps';
import type { Role, UserRecord } from '../models/user.model';
import { userKey } from './profile';
import { userEvent } from './user-events';
import { toUserView, type UserView } from './user-view';

export interface UserPage {
  items: UserView[];
  nextCursor: string | null;
}

// A page ends at an account's id (newest first).
const cursor = cursorCodec<string>({
  write: (id) => id,
  read: (id) => (isObjectId(id) ? id.toLowerCase() : undefined),
});

/** Live accounts, newest first, a page at a time (a list: the one user-service query that reads many documents). */
export async function listUsers(deps: UserServiceDeps, page: { limit: number; cursor?: string }): Promise<UserPage> {
  const after = page.cursor === undefined ? undefined : cursor.decode(page.cursor);
  const filter = after ? { deletedAt: null, _id: { $lt: after } } : { deletedAt: null };
  const users = await deps.models.users
    .find(filter)
    .sort({ _id: -1 })
    .limit(page.limit + 1)
    .lean<UserRecord[]>();
  const { items, nextCursor } = cursor.page(users, page.limit, (user) => user._id.toHexString());
  return { items: items.map(toUserView), nextCursor };
}

/**
 * Grants or revokes roles; an admin cannot take the admin role from themselves (so one admin always remains). A
 * change takes effect at once: the account's access version becomes the time of the change and
 * `user.roles.changed` (in the same write) tells every verifier to refuse the tokens issued before it; the user's
 * next refresh gets a token with the new roles. Setting the roles it already has changes nothing.
 */
export async function changeRoles(
  deps: UserServiceDeps,
  actorId: string,
  userId: string,
  roles: Role[],
  meta: EventCause,
): Promise<UserView> {
  if (actorId === userId && !roles.includes('admin')) {
    throw conflict('CANNOT_REVOKE_OWN_ADMIN', 'An admin cannot revoke their own admin role.');
  }
  const key = userKey(userId);
  const current = await deps.store.get(deps.models.users, key);
  if (!current || current.deletedAt !== null) throw notFound('USER_NOT_FOUND', 'No such user.');
  const wanted = [...new Set(roles)];
  if ([...wanted].sort().join() === [...current.roles].sort().join()) return toUserView(current);
  // Above every version a token of this account carries, even if this replica's clock is behind the last one's.
  const accessVersion = Math.max(Date.now(), (current.accessVersion ?? 0) + 1);
  const event = userEvent('user.roles.changed', { userId: key.toHexString(), roles: wanted, accessVersion }, meta);
  const user = await deps.store.update(
    deps.models.users,
    key,
    { deletedAt: null },
    { $set: { roles: wanted, accessVersion }, $push: { outbox: event } },
  );
  if (!user) throw notFound('USER_NOT_FOUND', 'No such user.');
  return toUserView(user);
}
