import { Types } from 'mongoose';
import type { UserServiceDeps } from '../deps';
import type { UserRecord } from '../models/user.model';
import type { REVOKED_REASONS } from '../models/session.model';
import { signAccessToken } from './access-tokens';
import { invalidRefreshToken } from './auth-errors';
import { formatRefreshToken, newSecret, newSessionId, parseRefreshToken, sameHash } from './refresh-tokens';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

const expiryFrom = (deps: UserServiceDeps): Date => new Date(Date.now() + deps.refreshTokenTtlSeconds * 1000);

async function pairFor(
  deps: UserServiceDeps,
  user: Pick<UserRecord, '_id' | 'roles' | 'accessVersion'>,
  sessionId: string,
  secret: string,
): Promise<TokenPair> {
  return {
    accessToken: await signAccessToken(deps.accessTokens, {
      id: user._id.toHexString(),
      roles: [...user.roles],
      accessVersion: user.accessVersion ?? 0,
    }),
    refreshToken: formatRefreshToken(sessionId, secret),
    tokenType: 'Bearer',
    expiresIn: deps.accessTokens.ttlSeconds,
  };
}

/** A new login: a session holding the hash of its first refresh token. */
export async function startSession(
  deps: UserServiceDeps,
  user: Pick<UserRecord, '_id' | 'roles' | 'accessVersion'>,
): Promise<TokenPair> {
  const { secret, secretHash } = newSecret();
  const sessionId = newSessionId();
  await deps.store.insert(deps.models.sessions, {
    _id: sessionId,
    userId: user._id.toHexString(),
    tokenHash: secretHash,
    expiresAt: expiryFrom(deps),
  });
  return pairFor(deps, user, sessionId, secret);
}

/**
 * Spends a refresh token for a new pair. Nothing happens to a session unless the presented secret verifies
 * against it (hashes compared in constant time): a wrong secret is a 401 and leaves the session as it was, so
 * knowing a session's id is not enough to end it. The current secret is swapped in one update conditional on the
 * hash read, so a token is spent once; the secret spent just before coming back means the token leaked, and the
 * whole login is revoked. A deleted account's logins end here: the account is read at every refresh.
 */
export async function refreshSession(deps: UserServiceDeps, refreshToken: string): Promise<TokenPair> {
  const {
    store,
    models: { sessions, users },
  } = deps;
  const presented = parseRefreshToken(refreshToken);
  if (!presented) throw invalidRefreshToken();
  const now = new Date();
  const session = await store.get(sessions, presented.sessionId);
  if (!session || session.revokedAt !== null) throw invalidRefreshToken();
  if (!sameHash(presented.secretHash, session.tokenHash)) {
    if (sameHash(presented.secretHash, session.previousTokenHash)) {
      await revokeLogin(deps, presented.sessionId, now, 'reuse');
    }
    throw invalidRefreshToken();
  }
  if (session.expiresAt <= now) throw invalidRefreshToken();
  const { secret, secretHash } = newSecret();
  const rotated = await store.update(
    sessions,
    presented.sessionId,
    { tokenHash: session.tokenHash, revokedAt: null },
    {
      $set: { tokenHash: secretHash, previousTokenHash: session.tokenHash, expiresAt: expiryFrom(deps) },
      $inc: { rotations: 1 },
    },
  );
  if (!rotated) {
    // Spent at the same moment by another request: this copy of the token is the reuse.
    await revokeLogin(deps, presented.sessionId, now, 'reuse');
    throw invalidRefreshToken();
  }
  const user = await store.get(users, new Types.ObjectId(rotated.userId), { roles: 1, accessVersion: 1, deletedAt: 1 });
  if (!user || user.deletedAt !== null) {
    await revokeLogin(deps, presented.sessionId, now, 'account-deleted');
    throw invalidRefreshToken();
  }
  return pairFor(deps, user, presented.sessionId, secret);
}

/**
 * Revokes the login the refresh token belongs to when its secret verifies (the current one); answers the same
 * whether or not there was one, and a wrong secret changes nothing.
 */
export async function endSession(deps: UserServiceDeps, refreshToken: string): Promise<void> {
  const presented = parseRefreshToken(refreshToken);
  if (!presented) return;
  const session = await deps.store.get(deps.models.sessions, presented.sessionId, { tokenHash: 1, revokedAt: 1 });
  if (!session || session.revokedAt !== null || !sameHash(presented.secretHash, session.tokenHash)) return;
  await deps.store.update(
    deps.models.sessions,
    presented.sessionId,
    { revokedAt: null, tokenHash: session.tokenHash },
    { $set: { revokedAt: new Date(), revokedReason: 'logout' } },
  );
}

/** Ends a login still open, whatever its secret; a login already revoked keeps its first reason. */
async function revokeLogin(
  deps: UserServiceDeps,
  sessionId: string,
  at: Date,
  reason: (typeof REVOKED_REASONS)[number],
): Promise<void> {
  await deps.store.update(
    deps.models.sessions,
    sessionId,
    { revokedAt: null },
    { $set: { revokedAt: at, revokedReason: reason } },
  );
}
