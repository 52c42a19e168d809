import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A refresh token is `<session id>.<secret>`: opaque to the client; the store keeps only the secret's hash, so a
 * leaked database holds no usable token.
 */
export interface RefreshToken {
  sessionId: string;
  secretHash: string;
}

/**
 * A session's id: 128 random bits (22 base64url characters). It is half of every refresh token and the key of
 * the session, so it must not be guessable from another login's id (an ObjectId is a time and a counter).
 */
export function newSessionId(): string {
  return randomBytes(16).toString('base64url');
}

/** Whether a presented secret's hash is the stored one, in time that does not depend on where they differ. */
export function sameHash(presented: string, stored: string | null | undefined): boolean {
  if (!stored) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function newSecret(): { secret: string; secretHash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, secretHash: hashSecret(secret) };
}

// The secret is 256 random bits, so a fast hash is enough: nothing to brute-force.
function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

export function formatRefreshToken(sessionId: string, secret: string): string {
  return `${sessionId}.${secret}`;
}

export function parseRefreshToken(token: string): RefreshToken | undefined {
  const [sessionId, secret, extra] = token.split('.');
  if (
    !sessionId ||
    !secret ||
    extra !== undefined ||
    !/^[A-Za-z0-9_-]{22}$/.test(sessionId) ||
    !/^[A-Za-z0-9_-]{43}$/.test(secret)
  )
    return undefined;
  return { sessionId, secretHash: hashSecret(secret) };
}
