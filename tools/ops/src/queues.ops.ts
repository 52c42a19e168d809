import { queuesOf } from '@shopwire/messaging';
import type { AmqpSession } from './amqp-session';

export interface QueueInfo {
  queue: string;
  messages: number;
  consumers: number;
}

// Services keep up to this many retry tiers; missing queues are skipped.
const MAX_TIERS = 5;

/** Depth and consumers of every queue of the known services that exists on the broker. */
export async function listQueues(session: AmqpSession, services: readonly string[]): Promise<QueueInfo[]> {
  const rows: QueueInfo[] = [];
  for (const service of services) {
    const q = queuesOf(service);
    for (const queue of [q.main, ...Array.from({ length: MAX_TIERS }, (_, i) => q.retry(i + 1)), q.dlq]) {
      const info = await session.inspect(queue);
      if (info) rows.push({ queue, messages: info.messageCount, consumers: info.consumerCount });
    }
  }
  return rows;
}
