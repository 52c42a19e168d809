import type { ChannelModel, ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import type { FastifyBaseLogger } from 'fastify';
import { decodeEvent, type EventEnvelope, type EventType } from '@shopwire/contracts';
import type { EventHandler, EventHandlers } from './event-handler';
import { isPermanent, isSelfGuarded } from './event-handler';
import type { MessagingMetrics } from './messaging-metrics';
import type { ProcessedEvents } from './processed-events';
import { declareServiceTopology, queuesOf, type ServiceQueues } from './topology';
import { runInTrace } from './trace-context';
import { DLQ_HEADERS, RETRY_HEADERS, attemptOf } from './message-headers';

export type DeadLetterReason =
  'invalid-json' | 'invalid-schema' | 'no-handler' | 'handler-failed' | 'permanent-failure';

export interface EventConsumerOptions {
  service: string;
  handlers: EventHandlers;
  processed: ProcessedEvents;
  logger: FastifyBaseLogger;
  metrics: MessagingMetrics;
  /** Delay before each retry (tier 1, 2, …); a message that fails once more than there are tiers is dead-lettered. */
  retryDelaysMs: readonly number[];
  /** ± fraction of each delay, so retries of one burst do not come back together. */
  retryJitter: number;
  prefetch: number;
  /** Told of every event handled and acked (or acked as a duplicate): the id and type. */
  onHandled?(eventId: string, type: string): void;
}

function jittered(delay: number, jitter: number): number {
  return Math.max(1, Math.round(delay * (1 + jitter * (Math.random() * 2 - 1))));
}

/**
 * The service's reliable consumer: bounded prefetch, manual acks after the handler, idempotency by event id,
 * retry tiers and a dead-letter queue. Re-attached on every reconnect.
 */
export class EventConsumer {
  readonly queues: ServiceQueues;
  private channel: ConfirmChannel | undefined;
  private consumerTag: string | undefined;
  private stopping = false;
  private attaching: { model: ChannelModel; done: Promise<void> } | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly byEventId = new Map<string, Promise<void>>();

  constructor(private readonly opts: EventConsumerOptions) {
    this.queues = queuesOf(opts.service);
  }

  get isConsuming(): boolean {
    return this.consumerTag !== undefined && this.channel !== undefined;
  }

  /** Starts consuming on this connection; a second call for the same connection joins the first. */
  attach(model: ChannelModel): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (this.attaching?.model === model) return this.attaching.done;
    const done = this.open(model);
    this.attaching = { model, done };
    return done.catch((err: unknown) => {
      if (this.attaching?.done === done) this.attaching = undefined;
      throw err;
    });
  }

  private async open(model: ChannelModel): Promise<void> {
    const channel = await model.createConfirmChannel();
    channel.on('error', (err: Error) =>
      this.opts.logger.warn({ err: { message: err.message } }, 'consumer channel error'),
    );
    channel.on('close', () => {
      if (this.channel !== channel) return;
      this.channel = undefined;
      this.consumerTag = undefined;
      this.attaching = undefined;
      // A channel closed under a live connection (e.g. a refused ack) is reopened; a lost connection is the broker's job.
      if (!this.stopping)
        void this.attach(model).catch((err: Error) =>
          this.opts.logger.warn(
            { err: { message: err.message } },
            'consumer channel not reopened; waiting for reconnect',
          ),
        );
    });
    await channel.prefetch(this.opts.prefetch);
    const types = Object.keys(this.opts.handlers);
    await declareServiceTopology(channel, this.opts.service, types, this.opts.retryDelaysMs.length);
    this.channel = channel;
    const { consumerTag } = await channel.consume(this.queues.main, (msg) => {
      if (msg) this.track(this.onMessage(channel, msg));
    });
    this.consumerTag = consumerTag;
    this.opts.logger.info({ queue: this.queues.main, types }, 'consuming events');
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async onMessage(channel: ConfirmChannel, msg: ConsumeMessage): Promise<void> {
    const attempt = attemptOf(msg.properties.headers);
    const decoded = decodeEvent(msg.content);
    if (!decoded.ok) {
      const reason: DeadLetterReason = decoded.reason.startsWith('invalid JSON') ? 'invalid-json' : 'invalid-schema';
      await this.deadLetter(channel, msg, { reason, error: decoded.reason, attempt, type: 'unknown' });
      return;
    }
    const event = decoded.event;
    // Deliveries of one event id never run side by side in this process, so a duplicate sees the first's record.
    const previous = this.byEventId.get(event.id);
    const current = (previous ?? Promise.resolve()).then(() => this.handle(channel, msg, event, attempt));
    const settled = current.catch(() => undefined);
    this.byEventId.set(event.id, settled);
    await settled;
    if (this.byEventId.get(event.id) === settled) this.byEventId.delete(event.id);
  }

  private async handle(
    channel: ConfirmChannel,
    msg: ConsumeMessage,
    event: EventEnvelope,
    attempt: number,
  ): Promise<void> {
    const log = this.opts.logger.child({
      eventId: event.id,
      eventType: event.type,
      correlationId: event.correlationId,
      attempt,
    });
    const handler = this.opts.handlers[event.type] as EventHandler<EventType> | undefined;
    if (!handler) {
      await this.deadLetter(channel, msg, {
        reason: 'no-handler',
        error: `no handler for ${event.type}`,
        attempt,
        type: event.type,
      });
      return;
    }
    const guarded = isSelfGuarded(handler);
    try {
      if (!guarded && (await this.opts.processed.has(event.id))) {
        this.opts.metrics.duplicate.inc({ type: event.type });
        log.info('duplicate event acked without effect');
        this.ack(channel, msg);
        this.opts.onHandled?.(event.id, event.type);
        return;
      }
      const eventMeta = {
        source: `${this.opts.service}-service`,
        correlationId: event.correlationId,
        causationId: event.id,
      };
      await runInTrace(msg.properties.headers, () => handler(event, { log, attempt, eventMeta }));
      if (!guarded) await this.opts.processed.record(event.id);
      this.opts.metrics.consumed.inc({ type: event.type });
      log.info('event handled');
      this.ack(channel, msg);
      this.opts.onHandled?.(event.id, event.type);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      if (isPermanent(err)) {
        log.warn({ err }, 'event handler failed permanently; dead-lettered');
        await this.deadLetter(channel, msg, { reason: 'permanent-failure', error, attempt, type: event.type });
      } else if (attempt > this.opts.retryDelaysMs.length) {
        log.error({ err }, 'event handler failed on its last attempt; dead-lettered');
        await this.deadLetter(channel, msg, { reason: 'handler-failed', error, attempt, type: event.type });
      } else {
        log.warn({ err }, 'event handler failed; retrying later');
        await this.retry(channel, msg, attempt, error, event.type);
      }
    }
  }

  private ack(channel: ConfirmChannel, msg: ConsumeMessage): void {
    try {
      channel.ack(msg);
    } catch {
      // The channel is gone: the broker redelivers the message and the processed record makes it a no-op.
    }
  }

  private copyOptions(msg: ConsumeMessage, headers: Record<string, unknown>): Options.Publish {
    const p = msg.properties;
    return {
      persistent: true,
      messageId: p.messageId,
      type: p.type,
      correlationId: p.correlationId,
      appId: p.appId,
      contentType: p.contentType,
      timestamp: p.timestamp,
      headers: {
        ...p.headers,
        [RETRY_HEADERS.originalRoutingKey]: p.headers?.[RETRY_HEADERS.originalRoutingKey] ?? msg.fields.routingKey,
        ...headers,
      },
    };
  }

  /** Sends a copy to a queue and acks the original only once the broker confirmed the copy. */
  private async moveTo(
    channel: ConfirmChannel,
    msg: ConsumeMessage,
    queue: string,
    options: Options.Publish,
  ): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      try {
        channel.sendToQueue(queue, msg.content, options, (err) => (err ? reject(err as Error) : resolve()));
      } catch (err) {
        reject(err as Error);
      }
    }).then(
      () => this.ack(channel, msg),
      (err: Error) =>
        this.opts.logger.warn(
          { err: { message: err.message }, queue },
          'could not move message; it will be redelivered',
        ),
    );
  }

  private async retry(
    channel: ConfirmChannel,
    msg: ConsumeMessage,
    attempt: number,
    error: string,
    type: string,
  ): Promise<void> {
    const tier = attempt;
    const delay = jittered(this.opts.retryDelaysMs[tier - 1] ?? 0, this.opts.retryJitter);
    this.opts.metrics.retried.inc({ type, tier: String(tier) });
    const options = this.copyOptions(msg, {
      [RETRY_HEADERS.attempt]: attempt + 1,
      [RETRY_HEADERS.lastError]: error.slice(0, 1000),
    });
    await this.moveTo(channel, msg, this.queues.retry(tier), { ...options, expiration: String(delay) });
  }

  private async deadLetter(
    channel: ConfirmChannel,
    msg: ConsumeMessage,
    info: { reason: DeadLetterReason; error: string; attempt: number; type: string },
  ): Promise<void> {
    this.opts.metrics.deadLettered.inc({ type: info.type, reason: info.reason });
    this.opts.logger.warn(
      {
        eventId: msg.properties.messageId,
        eventType: info.type,
        reason: info.reason,
        attempt: info.attempt,
        error: info.error,
      },
      'message dead-lettered',
    );
    const options = this.copyOptions(msg, {
      [DLQ_HEADERS.reason]: info.reason,
      [DLQ_HEADERS.error]: info.error.slice(0, 1000),
      [RETRY_HEADERS.attempt]: info.attempt,
      [DLQ_HEADERS.at]: new Date().toISOString(),
      [DLQ_HEADERS.service]: this.opts.service,
    });
    await this.moveTo(channel, msg, this.queues.dlq, options);
  }

  /** Stops new deliveries; unstarted prefetched messages go back to the queue when the channel closes. */
  async stopConsuming(): Promise<void> {
    this.stopping = true;
    const channel = this.channel;
    const tag = this.consumerTag;
    this.consumerTag = undefined;
    if (channel && tag) await channel.cancel(tag).catch(() => undefined);
  }

  /** Stops consuming, lets in-flight handlers finish (and ack), then closes the channel. */
  async close(): Promise<void> {
    await this.stopConsuming();
    await Promise.allSettled([...this.inFlight]);
    const channel = this.channel;
    this.channel = undefined;
    if (channel) await channel.close().catch(() => undefined);
  }
}
