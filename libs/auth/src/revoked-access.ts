import type { EventEnvelope } from '@shopwire/contracts';
import type { AuthenticatedUser } from './token-verifier';

/**
 * How long a revocation is kept: no access token lives longer than this (user-service caps its TTL at a day), so
 * a token issued before a revocation is expired by the time the revocation is forgotten.
 */
export const LONGEST_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** Tokens of `userId` whose access version is below `before` are refused; `before: Infinity` refuses them all. */
export interface AccessRevocation {
  userId: string;
  before: number;
  /** When it happened (ms since the epoch): it is forgotten LONGEST_TOKEN_LIFETIME_MS later. */
  at: number;
}

// Revocations of users never seen again are dropped by a sweep every so many new entries.
const PRUNE_EVERY = 1024;

type RevokedListener = (userId: string) => void;

/**
 * What ends access tokens already issued: a deleted account ends all of its tokens, a change of roles those issued
 * before it. Fed from the `user.access` stream by every process that verifies tokens, checked after the signature.
 * Applying the same revocation twice, or an older one after a newer, changes nothing.
 */
export class RevokedAccess {
  private readonly entries = new Map<string, AccessRevocation>();
  private readonly listeners = new Set<RevokedListener>();

  constructor(private readonly now: () => number = Date.now) {}

  apply(revocation: AccessRevocation): void {
    if (revocation.at + LONGEST_TOKEN_LIFETIME_MS <= this.now()) return;
    const known = this.entries.get(revocation.userId);
    if (known && known.before >= revocation.before) return;
    this.entries.set(revocation.userId, { ...revocation, at: Math.max(revocation.at, known?.at ?? 0) });
    if (this.entries.size % PRUNE_EVERY === 0) this.prune();
    for (const listener of this.listeners) listener(revocation.userId);
  }

  /** The revocation an event of the `user.access` stream makes, if it makes one. */
  applyEvent(event: EventEnvelope): void {
    const at = Date.parse(event.occurredAt);
    if (event.type === 'user.deleted')
      this.apply({ userId: (event.data as { userId: string }).userId, before: Number.POSITIVE_INFINITY, at });
    if (event.type === 'user.roles.changed') {
      const data = event.data as { userId: string; accessVersion: number };
      this.apply({ userId: data.userId, before: data.accessVersion, at });
    }
  }

  private prune(): void {
    const now = this.now();
    for (const [userId, entry] of this.entries)
      if (entry.at + LONGEST_TOKEN_LIFETIME_MS <= now) this.entries.delete(userId);
  }

  isRevoked(user: AuthenticatedUser): boolean {
    const entry = this.entries.get(user.id);
    if (!entry) return false;
    if (entry.at + LONGEST_TOKEN_LIFETIME_MS <= this.now()) {
      this.entries.delete(user.id);
      return false;
    }
    return user.accessVersion < entry.before;
  }

  /** Called with the user id of each new revocation, e.g. to end that user's open streams. Returns the unsubscribe. */
  onRevoked(listener: RevokedListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
}
