import type { Channel } from 'amqplib';
import { EVENTS_EXCHANGE } from '@shopwire/contracts';

export interface ServiceQueues {
  main: string;
  dlq: string;
  retry(tier: number): string;
}

export function queuesOf(service: string): ServiceQueues {
  const main = `${service}.events`;
  return { main, dlq: `${main}.dlq`, retry: (tier) => `${main}.retry.${tier}` };
}

export async function declareExchange(channel: Channel): Promise<void> {
  await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
}

/**
 * A service's queues, declared idempotently on every (re)connect: the quorum work queue bound to the types
 * it handles, one delay queue per retry tier that dead-letters back into the work queue when a message's
 * own TTL (the tier's delay with jitter) runs out, and the dead-letter queue.
 */
export async function declareServiceTopology(channel: Channel, service: string, types: readonly string[], tiers: number): Promise<ServiceQueues> {
  const q = queuesOf(service);
  await declareExchange(channel);
  await channel.assertQueue(q.dlq, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.assertQueue(q.main, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  for (let tier = 1; tier <= tiers; tier++) {
    await channel.assertQueue(q.retry(tier), {
      durable: true,
      arguments: { 'x-queue-type': 'classic', 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': q.main },
    });
  }
  for (const type of types) await channel.bindQueue(q.main, EVENTS_EXCHANGE, type);
  return q;
}
