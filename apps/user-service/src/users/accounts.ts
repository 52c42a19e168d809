import type { EventCause } from '@shopwire/contracts';
import { Types } from 'mongoose';
import type { UserServiceDeps } from '../deps';
import { normalizeEmail, type Role, type UserRecord } from '../models/user.model';
import { userEvent } from './user-events';
import { isDuplicateKey } from '@shopwire/service-kit';

export interface NewAccount {
  email: string;
  name: string;
  passwordHash: string;
  roles: Role[];
}

// Each round ends with an insert that one racer wins, or a key moved from a deleted account; a third is a bug.
const CLAIM_ROUNDS = 3;

/** The live account this email belongs to: two reads by `_id`, the key and the user it names. */
export async function findAccountByEmail(deps: UserServiceDeps, email: string): Promise<UserRecord | undefined> {
  const account = normalizeEmail(email);
  const key = await deps.store.get(deps.models.emails, account);
  if (!key) return undefined;
  const user = await deps.store.get(deps.models.users, new Types.ObjectId(key.userId));
  // A key left behind by a deletion that died before removing it names an account that no longer has this email.
  return user && user.deletedAt === null && user.emailNormalized === account ? user : undefined;
}

/**
 * The id under which the account of this email is created, or undefined when a live account has the email.
 * A key whose user does not exist was left by a registration that died between its two inserts (or is still
 * between them): the account is created under that same id, so whichever insert comes first wins and the email
 * is never stuck. A key whose user was deleted is moved to a new id.
 */
async function claimEmail(deps: UserServiceDeps, email: string): Promise<Types.ObjectId | undefined> {
  const {
    store,
    models: { emails, users },
  } = deps;
  for (let round = 0; round < CLAIM_ROUNDS; round++) {
    const fresh = new Types.ObjectId();
    try {
      await store.insert(emails, { _id: email, userId: fresh.toHexString() });
      return fresh;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const key = await store.get(emails, email);
    if (!key) continue;
    const owner = await store.get(users, new Types.ObjectId(key.userId), { deletedAt: 1, emailNormalized: 1 });
    if (!owner) return new Types.ObjectId(key.userId);
    if (owner.deletedAt === null && owner.emailNormalized === email) return undefined;
    if (await store.update(emails, email, { userId: key.userId }, { $set: { userId: fresh.toHexString() } }))
      return fresh;
  }
  throw new Error(`the email key of ${email} kept changing during registration`);
}

/**
 * A new account, or undefined when the email is taken. Two inserts, each keyed by `_id`: the email's key first,
 * then the user with `user.registered` in its outbox. A crash between them leaves a key without a user, which the
 * next registration of that email completes; an email can never name two accounts, and the unique index on
 * `emailNormalized` refuses a second live one all the same.
 */
export async function createAccount(
  deps: UserServiceDeps,
  account: NewAccount,
  meta: EventCause,
): Promise<UserRecord | undefined> {
  const emailNormalized = normalizeEmail(account.email);
  const id = await claimEmail(deps, emailNormalized);
  if (!id) return undefined;
  const email = account.email.trim();
  try {
    return await deps.store.insert(deps.models.users, {
      _id: id,
      email,
      emailNormalized,
      name: account.name,
      passwordHash: account.passwordHash,
      roles: account.roles,
      outbox: [
        userEvent('user.registered', { userId: id.toHexString(), email, name: account.name }, meta),
        // An account made with more than the default role (the configured admin) announces its roles, so services
        // that act on roles (notification-service's list of admins) know it; access version 0 revokes nothing.
        ...(account.roles.some((role) => role !== 'customer')
          ? [
              userEvent(
                'user.roles.changed',
                { userId: id.toHexString(), roles: [...account.roles], accessVersion: 0 },
                meta,
              ),
            ]
          : []),
      ],
    });
  } catch (error) {
    // Another registration of this email created the account under the same id first.
    if (isDuplicateKey(error)) return undefined;
    throw error;
  }
}
