import type { AuthenticatedUser } from './token-verifier';

const MAX_ENTRIES = 10000;
const MAX_AGE_MS = 60 * 1000;

/**
 * Tokens already verified, so a client reusing its token costs a map lookup instead of a signature check. Bounded
 * in size, and an entry never outlives its token's expiry (nor a minute, so a key withdrawn from the set stops
 * verifying soon).
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, { user: AuthenticatedUser; until: number }>();

  get(token: string): AuthenticatedUser | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.until > Date.now()) return entry.user;
    this.entries.delete(token);
    return undefined;
  }

  set(token: string, user: AuthenticatedUser, expiresAtMs: number): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, { user, until: Math.min(expiresAtMs, Date.now() + MAX_AGE_MS) });
  }
}
