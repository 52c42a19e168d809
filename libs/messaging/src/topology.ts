import type { Channel, Options } from 'amqplib';
import {
  EVENTS_EXCHANGE,
  STREAMS,
  streamsOf,
  subscribersOf,
  type EventType,
  type StreamName,
} from '@shopwire/contracts';

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

// One declaration for the consumer and every publisher: RabbitMQ refuses a queue re-declared with other arguments.
const MAIN_QUEUE: Options.AssertQueue = { durable: true, arguments: { 'x-queue-type': 'quorum' } };

async function declareMainQueue(channel: Channel, service: string): Promise<void> {
  await channel.assertQueue(queuesOf(service).main, MAIN_QUEUE);
}

// Small segments, so retention by age can drop old ones: the broker deletes whole segments only.
const STREAM_SEGMENT_BYTES = 1_000_000;

/** A stream with its retention, declared alike by its publisher and every reader. */
export async function declareStream(channel: Channel, name: StreamName): Promise<void> {
  await declareExchange(channel);
  await channel.assertQueue(name, {
    durable: true,
    arguments: {
      'x-queue-type': 'stream',
      'x-max-age': STREAMS[name].maxAge,
      'x-stream-max-segment-size-bytes': STREAM_SEGMENT_BYTES,
    },
  });
  for (const type of STREAMS[name].types) await channel.bindQueue(name, EVENTS_EXCHANGE, type);
}

/**
 * What a publisher declares before it publishes: for each type it emits, the work queue of every service the
 * contracts subscribe to it, bound for that type. So an event finds its queues even when its consumers have never
 * started; their retry and dead-letter queues are theirs to declare. Idempotent, like the consumer's own declaration.
 */
export async function declareSubscriberQueues(channel: Channel, publishes: readonly EventType[]): Promise<void> {
  await declareExchange(channel);
  const bindings = publishes.flatMap((type) => subscribersOf(type).map((subscriber) => ({ subscriber, type })));
  for (const subscriber of new Set(bindings.map((b) => b.subscriber))) await declareMainQueue(channel, subscriber);
  for (const { subscriber, type } of bindings)
    await channel.bindQueue(queuesOf(subscriber).main, EVENTS_EXCHANGE, type);
  for (const stream of new Set(publishes.flatMap(streamsOf))) await declareStream(channel, stream);
}

/**
 * A service's queues, declared idempotently on every (re)connect: the quorum work queue bound to the types
 * it handles, one delay queue per retry tier that dead-letters back into the work queue when a message's
 * own TTL (the tier's delay with jitter) runs out, and the dead-letter queue.
 */
export async function declareServiceTopology(
  channel: Channel,
  service: string,
  types: readonly string[],
  tiers: number,
): Promise<ServiceQueues> {
  const q = queuesOf(service);
  await declareExchange(channel);
  await channel.assertQueue(q.dlq, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await declareMainQueue(channel, service);
  for (let tier = 1; tier <= tiers; tier++) {
    await channel.assertQueue(q.retry(tier), {
      durable: true,
      arguments: { 'x-queue-type': 'classic', 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': q.main },
    });
  }
  for (const type of types) await channel.bindQueue(q.main, EVENTS_EXCHANGE, type);
  return q;
}
