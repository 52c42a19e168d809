import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { decodeEvent, EVENTS_EXCHANGE, SUBSCRIPTIONS, type EventEnvelope } from '@shopwire/contracts';
import { declareExchange } from '@shopwire/messaging';

/** Changes a replica keeps queued for itself at most; past that the oldest go (it rebuilds on its next subscription). */
const MAX_QUEUED = 100_000;
const PREFETCH = 200;

export interface ReplicaFeedOptions {
  /** Applies one event to this replica's memory (synchronous, idempotent). */
  onEvent(event: EventEnvelope): void;
  /** After each (re)subscription: what happened while no queue of this replica was bound is only in the store. */
  onSubscribed(): void;
  onError(err: Error, what: string): void;
}

/**
 * Every replica's own copy of the events the recommendations learn from: an exclusive, auto-deleted queue bound to
 * the service's subscription, so each replica hears every change (the durable queue gives each event to one
 * replica only) and a replica that dies leaves nothing behind on the broker.
 */
export class ReplicaFeed {
  private channel: Channel | undefined;

  constructor(private readonly opts: ReplicaFeedOptions) {}

  async subscribe(model: ChannelModel): Promise<void> {
    const channel = await model.createChannel();
    channel.on('error', (err: Error) => this.opts.onError(err, 'recommendation feed channel error'));
    channel.on('close', () => {
      if (this.channel === channel) this.channel = undefined;
    });
    await declareExchange(channel);
    await channel.prefetch(PREFETCH);
    const { queue } = await channel.assertQueue('', {
      exclusive: true,
      autoDelete: true,
      durable: false,
      arguments: { 'x-max-length': MAX_QUEUED },
    });
    for (const type of SUBSCRIPTIONS.recommendation) await channel.bindQueue(queue, EVENTS_EXCHANGE, type);
    await channel.consume(queue, (msg) => this.deliver(channel, msg), { noAck: false });
    this.channel = channel;
    this.opts.onSubscribed();
  }

  private deliver(channel: Channel, msg: ConsumeMessage | null): void {
    if (!msg) return;
    const decoded = decodeEvent(msg.content);
    // An invalid event is the durable consumer's to dead-letter; the feed only skips it.
    if (decoded.ok) {
      try {
        this.opts.onEvent(decoded.event);
      } catch (err) {
        this.opts.onError(err as Error, 'recommendation feed event not applied');
      }
    }
    channel.ack(msg);
  }

  async close(): Promise<void> {
    const channel = this.channel;
    this.channel = undefined;
    await channel?.close().catch(() => undefined);
  }
}
