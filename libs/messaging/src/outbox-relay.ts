import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { mongo } from 'mongoose';
import { EVENTS_EXCHANGE, parseEvent } from '@shopwire/contracts';
import type { BrokerLogger } from './broker-connection';
import type { EventPublisher } from './event-publisher';
import type { MessagingMetrics } from './messaging-metrics';
import { HAS_OUTBOX } from './outbox-query';
import { ENVELOPE_FIELDS } from './outbox.schema';
import { eventPublishOptions } from './message-headers';
import { runDetached, runInTrace } from './trace-context';

type OutboxEntry = Record<string, unknown> & { id: string; type: string; trace?: { traceparent?: string; tracestate?: string } };
interface ClaimedDoc {
  _id: unknown;
  outbox: OutboxEntry[];
}

export interface OutboxRelayOptions {
  publisher: EventPublisher;
  logger: BrokerLogger;
  metrics: MessagingMetrics;
  /** How long a claim keeps other replicas off a document; a crashed relay's claim expires after this. */
  leaseMs?: number;
  /** How often the sweep looks for events no write-time flush published (crashes, outages, other replicas). */
  sweepIntervalMs?: number;
  batchSize?: number;
}

const REMOVERS = 4;

function envelopeOf(entry: OutboxEntry): Record<string, unknown> {
  return Object.fromEntries(ENVELOPE_FIELDS.map((field) => [field, entry[field]]));
}

/**
 * Publishes the events waiting in documents' `outbox` arrays: claims a batch of documents with a lease,
 * publishes their entries with confirms, then pulls exactly the confirmed entries and drops the lease.
 */
export class OutboxRelay {
  private readonly collections: mongo.Collection[] = [];
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly leaseMs: number;
  private readonly batchSize: number;

  constructor(private readonly opts: OutboxRelayOptions) {
    this.leaseMs = opts.leaseMs ?? 30000;
    this.batchSize = opts.batchSize ?? 200;
  }

  get watched(): readonly mongo.Collection[] {
    return this.collections;
  }

  add(collection: mongo.Collection): void {
    if (!this.collections.includes(collection)) this.collections.push(collection);
    this.timer ??= setInterval(() => this.flush(), this.opts.sweepIntervalMs ?? 2000).unref();
    this.flush();
  }

  /** Runs a pass now, or right after the one in progress; never two at once in this process. */
  flush(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = runDetached(() => this.loop()).finally(() => {
      this.running = undefined;
    });
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      for (const collection of this.collections) {
        try {
          while (!this.stopped && (await this.relayBatch(collection)) === this.batchSize);
        } catch (err) {
          this.opts.logger.warn({ err: { message: (err as Error).message }, collection: collection.collectionName }, 'outbox relay pass failed; the sweep retries');
        }
      }
    } while (this.again && !this.stopped);
  }

  private async relayBatch(collection: mongo.Collection): Promise<number> {
    if (!this.opts.publisher.isReady) return 0;
    const now = new Date();
    const free = { $or: [{ outboxLease: null }, { outboxLease: { $lt: now } }] };
    const candidates = await collection.find({ ...HAS_OUTBOX, ...free }, { projection: { _id: 1 } }).limit(this.batchSize).toArray();
    if (candidates.length === 0) return 0;
    const claim = randomUUID();
    await collection.updateMany({ _id: { $in: candidates.map((c) => c._id) }, ...free }, { $set: { outboxLease: new Date(now.getTime() + this.leaseMs), outboxClaim: claim } });
    const docs = (await collection.find({ outboxClaim: claim }, { projection: { outbox: 1 } }).toArray()) as unknown as ClaimedDoc[];
    // Publishing runs concurrently; the removals go a few at a time, because FerretDB's SQLite backend serializes
    // writes and answers SQLITE_BUSY to a crowd (and runs large bulk updates very slowly).
    const published = docs.map((doc) => ({ doc, update: this.publishDoc(doc) }));
    const remover = async (): Promise<void> => {
      for (let item = published.shift(); item; item = published.shift()) {
        await this.removePublished(collection, { _id: item.doc._id, outboxClaim: claim }, await item.update);
      }
    };
    await Promise.all(Array.from({ length: REMOVERS }, remover));
    return candidates.length;
  }

  private async removePublished(collection: mongo.Collection, filter: Record<string, unknown>, update: Record<string, Record<string, unknown>>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await collection.updateOne(filter as mongo.Filter<mongo.Document>, update as mongo.UpdateFilter<mongo.Document>);
        return;
      } catch (err) {
        if (attempt >= 3) {
          this.opts.logger.warn({ err: { message: (err as Error).message }, collection: collection.collectionName }, 'could not remove published events; they are published again after the lease');
          return;
        }
        await delay(100 * attempt);
      }
    }
  }

  /** Publishes one document's entries; returns the update that removes the confirmed ones and frees it. */
  private async publishDoc(doc: ClaimedDoc): Promise<Record<string, Record<string, unknown>>> {
    const done: OutboxEntry[] = [];
    const rejected: OutboxEntry[] = [];
    await Promise.all(
      doc.outbox.map(async (entry) => {
        const envelope = envelopeOf(entry);
        const valid = parseEvent(envelope);
        if (!valid.ok) {
          this.opts.logger.error({ eventId: entry.id, eventType: entry.type, reason: valid.reason }, 'outbox entry breaks its schema; moved to outboxRejected');
          rejected.push(entry);
          return;
        }
        try {
          this.opts.metrics.published.inc({ type: valid.event.type });
          // Published inside the emitting write's trace, so an AMQP instrumentation's publish span joins it.
          const result = await runInTrace(entry.trace, () =>
            this.opts.publisher.publish(EVENTS_EXCHANGE, valid.event.type, Buffer.from(JSON.stringify(envelope)), eventPublishOptions(valid.event, entry.trace)),
          );
          this.opts.metrics.confirmed.inc({ type: valid.event.type });
          if (!result.routed) {
            this.opts.metrics.unroutable.inc({ type: valid.event.type });
            this.opts.logger.warn({ eventId: entry.id, eventType: entry.type }, 'event confirmed but no queue is bound for its type');
          }
          done.push(entry);
        } catch (err) {
          this.opts.logger.warn({ eventId: entry.id, eventType: entry.type, err: { message: (err as Error).message } }, 'event not confirmed; stays in the outbox');
        }
      }),
    );
    const update: Record<string, Record<string, unknown>> = { $set: { outboxLease: null, outboxClaim: null } };
    const removed = [...done, ...rejected];
    if (removed.length > 0) update.$pullAll = { outbox: removed };
    if (rejected.length > 0) update.$push = { outboxRejected: { $each: rejected } };
    return update;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
