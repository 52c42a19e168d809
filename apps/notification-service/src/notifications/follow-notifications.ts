import type { FastifyBaseLogger } from 'fastify';
import type { Models } from '../models';
import type { LiveFeed } from '../adapters/live-feed';
import { latestSeq, notificationsSince } from './inbox';
import { NotificationStream } from './notification-stream';

export interface FollowDeps {
  models: Models;
  liveFeed: LiveFeed;
  log: FastifyBaseLogger;
}

export interface StreamOutput {
  write(chunk: string): void;
  onClose(listener: () => void): void;
}

/**
 * A user follows their notifications live: first what came after `lastEventId` (a reconnecting client), then
 * each new one as any instance creates it; after a broker interruption the gap is read from the store.
 */
export async function followNotifications(
  deps: FollowDeps,
  userId: string,
  lastEventId: number | undefined,
  open: () => StreamOutput,
): Promise<void> {
  const floor = lastEventId ?? (await latestSeq(deps.models, userId));
  const out = open();
  const stream = new NotificationStream({
    write: out.write,
    floor,
    loadAfter: (afterSeq, limit) => notificationsSince(deps.models, userId, afterSeq, limit),
  });
  const catchUp = (): void => {
    stream
      .catchUp()
      .catch((err: Error) => deps.log.warn({ err: { message: err.message }, userId }, 'stream catch-up failed'));
  };
  catchUp();
  const unsubscribe = deps.liveFeed.subscribe(userId, (item) => stream.push(item));
  const stopResync = deps.liveFeed.onResync(catchUp);
  out.onClose(() => {
    unsubscribe();
    stopResync();
  });
}
