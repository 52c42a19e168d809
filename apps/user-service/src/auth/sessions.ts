import type { Identity } from '../identity';
import type { UserDocument } from '../models/user.model';
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

async function pairFor(identity: Identity, user: UserDocument, sessionId: string, secret: string): Promise<TokenPair> {
  return {
    accessToken: await signAccessToken(identity.accessTokens, { id: user.id as string, roles: [...user.roles] }),
    refreshToken: formatRefreshToken(sessionId, secret),
    tokenType: 'Bearer',
    expiresIn: identity.accessTokens.ttlSeconds,
  };
}

/** A new login: a session holding the hash of its first refresh token. */
export async function startSession(identity: Identity, user: UserDocument): Promise<TokenPair> {
  const { secret, secretHash } = newSecret();
  const session = await identity.sessions.create({ userId: user.id as string, tokenHash: secretHash, expiresAt: expiryFrom(identity) });
  return pairFor(identity, user, session.id as string, secret);
}

/**
 * Spends a refresh token for a new pair. The swap is one conditional update, so a token is spent once; a token
 * that was already spent means it leaked, and the whole login is revoked.
 */
export async function refreshSession(identity: Identity, refreshToken: string): Promise<TokenPair> {
  const presented = parseRefreshToken(refreshToken);
  if (!presented) throw invalidRefreshToken();
  const now = new Date();
  const { secret, secretHash } = newSecret();
  const session = await identity.sessions.findOneAndUpdate(
    { _id: presented.sessionId, tokenHash: presented.secretHash, revokedAt: null, expiresAt: { $gt: now } },
    { $set: { tokenHash: secretHash, expiresAt: expiryFrom(identity) }, $inc: { rotations: 1 } },
    { returnDocument: 'after' },
  );
  if (!session) {
    await identity.sessions.updateOne({ _id: presented.sessionId, revokedAt: null, tokenHash: { $ne: presented.secretHash } }, { $set: { revokedAt: now, revokedReason: 'reuse' } });
    throw invalidRefreshToken();
  }
  const user = await identity.users.findOne({ _id: session.userId, deletedAt: null });
  if (!user) throw invalidRefreshToken();
  return pairFor(identity, user, session.id as string, secret);
}

/** Revokes the login the refresh token belongs to; answers the same whether or not there was one. */
export async function endSession(identity: Identity, refreshToken: string): Promise<void> {
  const presented = parseRefreshToken(refreshToken);
  if (!presented) return;
  await identity.sessions.updateOne({ _id: presented.sessionId, revokedAt: null }, { $set: { revokedAt: new Date(), revokedReason: 'logout' } });
}

export async function revokeAllSessions(identity: Identity, userId: string): Promise<void> {
  await identity.sessions.updateMany({ userId, revokedAt: null }, { $set: { revokedAt: new Date(), revokedReason: 'account-deleted' } });
}
