import { purgeExpired, retentionJob, type JobDefinition } from '@shopwire/service-kit';
import type { FastifyBaseLogger } from 'fastify';
import type { NotificationModel } from '../models/notification.model';

const DAY_MS = 86400000;

/**
 * The notifications' retention job: read notifications older than `readRetentionDays` go (a notification is also
 * its event's idempotency record, so the age stays far beyond any redelivery), and a delivered email's claim, which
 * outlives the send to stop a second one, is dropped once it has expired. Unread ones stay whatever their age.
 */
export function notificationRetention(
  notifications: NotificationModel,
  opts: { readRetentionDays: number; everyMs: number; log: FastifyBaseLogger },
): JobDefinition {
  return retentionJob({
    name: 'notification-retention',
    collection: notifications.collection,
    indexes: [{ readAt: 1 }, { 'email.claimedUntil': 1 }],
    everyMs: opts.everyMs,
    async purge(collection, now) {
      const read = await purgeExpired(collection, { readAt: { $lt: new Date(now - opts.readRetentionDays * DAY_MS) } });
      const claims = await purgeExpired(
        collection,
        { 'email.status': 'sent', 'email.claimedUntil': { $lt: new Date(now) } },
        { update: { $unset: { 'email.claimedUntil': '' } } },
      );
      if (read + claims > 0) opts.log.info({ readRemoved: read, claimsDropped: claims }, 'notification retention');
      return { read, claims };
    },
  });
}
