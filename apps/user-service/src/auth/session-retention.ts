import { purgeExpired, untilDone, type JobDefinition } from '@shopwire/service-kit';
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
  const collection = sessions.collection;
  const indexed = untilDone(() =>
    Promise.all([collection.createIndex({ expiresAt: 1 }), collection.createIndex({ revokedAt: 1 })]),
  );
  return {
    name: 'session-retention',
    schedule: { everyMs: opts.everyMs },
    async run() {
      await indexed();
      const now = Date.now();
      const removed = await purgeExpired(collection, {
        $or: [{ expiresAt: { $lt: new Date(now) } }, { revokedAt: { $lt: new Date(now - REVOKED_KEPT_MS) } }],
      });
      if (removed > 0) opts.log.info({ removed }, 'expired and revoked logins removed');
      return { removed };
    },
  };
}
