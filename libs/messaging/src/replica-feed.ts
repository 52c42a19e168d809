import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { EVENTS_EXCHANGE, type EventType } from '@shopwire/contracts';
import { declareExchange } from './topology';

export interface ReplicaFeedOptions {
  /** What the logs call it (`<name> channel error`). */
  name: string;
  /** The event types it hears, whoever publishes them. */
  types: readonly EventType[];
  prefetch: number;
  /** Messages queued for this replica at most; past that the oldest go (it rebuilds on its next subscription). */
  maxQueued: number;
  /** One delivery: the handler acks or nacks it on `channel` (a nack later only while `feed.channel` is still it). */
  onMessage(channel: Channel, msg: ConsumeMessage): void;
  /** After each (re)subscription: what happened while no queue of this replica was bound is only in the store. */
  onSubscribed(): void;
  onError(err: Error, what: string): void;
}

export interface ReplicaFeed {
  /** Binds a new queue on a new channel of `model` (after each broker (re)connection). */
  subscribe(model: ChannelModel): Promise<void>;
  close(): Promise<void>;
  /** The channel of the current subscription; undefined once it closed or the feed was closed. */
  readonly channel: Channel | undefined;
  /**
   * Resolves at the first subscription, or after `waitMs` without one (no broker yet: the replica builds from the
   * store now and again when bound), so that nothing falls between a first read of the store and the binding.
   * Later calls share the first call's wait.
   */
  firstSubscription(waitMs: number): Promise<void>;
}

/**
 * A replica's own copy of a stream of events, beside its service's durable queue (which gives each event to one
 * replica only): an exclusive, auto-deleted, bounded queue bound to `types`, so every replica hears every change and
 * one that dies leaves nothing behind on the broker.
 */
export function replicaFeed(opts: ReplicaFeedOptions): ReplicaFeed {
  let current: Channel | undefined;
  let subscribed: () => void = () => undefined;
  const firstBinding = new Promise<void>((resolve) => {
    subscribed = resolve;
  });
  let waiting: NodeJS.Timeout | undefined;
  let first: Promise<void> | undefined;
  return {
    get channel() {
      return current;
    },
    firstSubscription(waitMs) {
      // One wait per feed: a second caller shares the first's promise (and its timer).
      first ??= Promise.race([
        firstBinding,
        new Promise<void>((resolve) => {
          waiting = setTimeout(resolve, waitMs);
        }),
      ]).finally(() => clearTimeout(waiting));
      return first;
    },
    async subscribe(model) {
      const channel = await model.createChannel();
      channel.on('error', (err: Error) => opts.onError(err, `${opts.name} channel error`));
      channel.on('close', () => {
        if (current === channel) current = undefined;
      });
      await declareExchange(channel);
      await channel.prefetch(opts.prefetch);
      const { queue } = await channel.assertQueue('', {
        exclusive: true,
        autoDelete: true,
        durable: false,
        arguments: { 'x-max-length': opts.maxQueued },
      });
      for (const type of opts.types) await channel.bindQueue(queue, EVENTS_EXCHANGE, type);
      await channel.consume(queue, (msg) => msg && opts.onMessage(channel, msg), { noAck: false });
      current = channel;
      subscribed();
      opts.onSubscribed();
    },
    async close() {
      clearTimeout(waiting);
      const channel = current;
      current = undefined;
      await channel?.close().catch(() => undefined);
    },
  };
}
