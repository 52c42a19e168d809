import { purgeExpired, retentionJob, type JobDefinition } from '@shopwire/service-kit';
import type { FastifyBaseLogger } from 'fastify';
import type { SessionModel } from '../models/session.model';

const DAY_MS = 86400000;

/** A revoked login is kept this long (who ended it, and why, for an investigation), then removed. */
const REVOKED_KEPT_MS = DAY_MS;

/**
 * The refresh tokens' retention job: a login whose refresh token expired, or that was revoked (logout, reuse,
 * account deleted) more than a day ago, can never be refreshed again and is removed, in small batches. Live logins
 * stay; a refresh renews `expiresAt`, so a login in use never matches.
 */
export function sessionRetention(
  sessions: SessionModel,
  opts: { everyMs: number; log: FastifyBaseLogger },
): JobDefinition {
  return retentionJob({
    name: 'session-retention',
    collection: sessions.collection,
    indexes: [{ expiresAt: 1 }, { revokedAt: 1 }],
    everyMs: opts.everyMs,
    async purge(collection, now) {
      const removed = await purgeExpired(collection, {
        $or: [{ expiresAt: { $lt: new Date(now) } }, { revokedAt: { $lt: new Date(now - REVOKED_KEPT_MS) } }],
      });
      if (removed > 0) opts.log.info({ removed }, 'expired and revoked logins removed');
      return { removed };
    },
  });
}
