import { Types } from 'mongoose';
import type { Identity } from '../identity';
import type { UserRecord } from '../models/user.model';
import { signAccessToken } from './access-tokens';
import { invalidRefreshToken } from './auth-errors';
import { formatRefreshToken, newSecret, parseRefreshToken } from './refresh-tokens';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

const expiryFrom = (identity: Identity): Date => new Date(Date.now() + identity.refreshTokenTtlSeconds * 1000);

async function pairFor(identity: Identity, user: Pick<UserRecord, '_id' | 'roles'>, sessionId: string, secret: string): Promise<TokenPair> {
  return {
    accessToken: await signAccessToken(identity.accessTokens, { id: user._id.toHexString(), roles: [...user.roles] }),
    refreshToken: formatRefreshToken(sessionId, secret),
    tokenType: 'Bearer',
    expiresIn: identity.accessTokens.ttlSeconds,
  };
}

/** A new login: a session holding the hash of its first refresh token. */
export async function startSession(identity: Identity, user: Pick<UserRecord, '_id' | 'roles'>): Promise<TokenPair> {
  const { secret, secretHash } = newSecret();
  const sessionId = new Types.ObjectId();
  await identity.store.insert(identity.sessions, { _id: sessionId, userId: user._id.toHexString(), tokenHash: secretHash, expiresAt: expiryFrom(identity) });
  return pairFor(identity, user, sessionId.toHexString(), secret);
}

/**
 * Spends a refresh token for a new pair. The swap is one conditional update of the session, so a token is spent
 * once; a token that was already spent means it leaked, and the whole login is revoked. A deleted account's
 * logins end here: its sessions are not revoked one by one, the account is read at every refresh.
 */
export async function refreshSession(identity: Identity, refreshToken: string): Promise<TokenPair> {
  const { store, sessions, users } = identity;
  const presented = parseRefreshToken(refreshToken);
  if (!presented) throw invalidRefreshToken();
  const now = new Date();
  const { secret, secretHash } = newSecret();
  const session = await store.update(
    sessions,
    presented.sessionId,
    { tokenHash: presented.secretHash, revokedAt: null, expiresAt: { $gt: now } },
    { $set: { tokenHash: secretHash, expiresAt: expiryFrom(identity) }, $inc: { rotations: 1 } },
  );
  if (!session) {
    await store.update(sessions, presented.sessionId, { revokedAt: null, tokenHash: { $ne: presented.secretHash } }, { $set: { revokedAt: now, revokedReason: 'reuse' } });
    throw invalidRefreshToken();
  }
  const user = await store.get(users, new Types.ObjectId(session.userId), { roles: 1, deletedAt: 1 });
  if (!user || user.deletedAt !== null) {
    await store.update(sessions, presented.sessionId, { revokedAt: null }, { $set: { revokedAt: now, revokedReason: 'account-deleted' } });
    throw invalidRefreshToken();
  }
  return pairFor(identity, user, presented.sessionId, secret);
}

/** Revokes the login the refresh token belongs to; answers the same whether or not there was one. */
export async function endSession(identity: Identity, refreshToken: string): Promise<void> {
  const presented = parseRefreshToken(refreshToken);
  if (!presented) return;
  await identity.store.update(identity.sessions, presented.sessionId, { revokedAt: null }, { $set: { revokedAt: new Date(), revokedReason: 'logout' } });
}
