import { createHash, randomBytes } from 'node:crypto';

/**
 * A refresh token is `<session id>.<secret>`: opaque to the client; the store keeps only the secret's hash, so a
 * leaked database holds no usable token.
 */
export interface RefreshToken {
  sessionId: string;
  secretHash: string;
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
  if (!sessionId || !secret || extra !== undefined || !/^[0-9a-f]{24}$/.test(sessionId) || !/^[A-Za-z0-9_-]{43}$/.test(secret)) return undefined;
  return { sessionId, secretHash: hashSecret(secret) };
}
