import type { AggregateId, AggregateStore, AnyModel, OutboxPointer } from '@shopwire/service-kit';
import { EVENTS_EXCHANGE, parseEvent } from '@shopwire/contracts';
import type { BrokerLogger } from './broker-connection';
import type { EventPublisher } from './event-publisher';
import type { MessagingMetrics } from './messaging-metrics';
import { ENVELOPE_FIELDS } from './outbox.schema';
import { eventPublishOptions } from './message-headers';
import { runDetached, runInTrace } from './trace-context';

type OutboxEntry = Record<string, unknown> & {
  id: string;
  type: string;
  trace?: { traceparent?: string; tracestate?: string };
};
type OutboxModel = AnyModel;

export interface OutboxRelayOptions {
  publisher: EventPublisher;
  store: AggregateStore;
  logger: BrokerLogger;
  metrics: MessagingMetrics;
  /** How often the sweep looks for events whose live pass never finished (a crash, an outage, another replica). */
  sweepIntervalMs?: number;
  /** How old a pointer must be before the sweep takes it: the live pass normally finishes within milliseconds. */
  staleAfterMs?: number;
  /** A pointer whose event is not in its document after this long belongs to a write that never happened. */
  abandonAfterMs?: number;
  /** Documents published side by side in one pass. */
  batchSize?: number;
}

/** Most documents remembered for the live pass; past that the sweep finds the rest through their pointers. */
const MAX_WAITING = 10_000;
/** Event ids this relay pulled lately: an announcement that still lists one (a write racing the pull) skips it. */
const MAX_RECENT = 10_000;

interface Waiting {
  coll: string;
  id: AggregateId;
  /** The outbox as the last write left it, when the write returned it as stored: no need to read the document. */
  outbox?: OutboxEntry[];
}

function envelopeOf(entry: OutboxEntry): Record<string, unknown> {
  return Object.fromEntries(ENVELOPE_FIELDS.map((field) => [field, entry[field]]));
}

/**
 * Publishes the events that writes through the store put into documents' `outbox` arrays, without ever scanning
 * those documents: the store tells the relay which document it wrote (the live pass) and keeps a pointer per
 * event until the broker confirmed it (what the sweep reads after a crash or an outage). A document is read by
 * `_id`, its entries are published with confirms in their order, the confirmed ones are pulled in one write by
 * `_id`, and their pointers are removed in one bulk write by `_id`.
 */
export class OutboxRelay {
  private readonly models = new Map<string, OutboxModel>();
  private readonly waiting = new Map<string, Waiting>();
  private readonly recentlyPulled = new Set<string>();
  private running: Promise<void> | undefined;
  private again = false;
  private sweepDue = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly batchSize: number;
  private readonly staleAfterMs: number;
  private readonly abandonAfterMs: number;

  constructor(private readonly opts: OutboxRelayOptions) {
    this.batchSize = opts.batchSize ?? 64;
    this.staleAfterMs = opts.staleAfterMs ?? 5000;
    this.abandonAfterMs = opts.abandonAfterMs ?? 60_000;
    opts.store.onOutbox((coll, id, outbox) => this.wrote(coll, id, outbox as OutboxEntry[] | undefined));
  }

  get watched(): readonly OutboxModel[] {
    return [...this.models.values()];
  }

  add(model: OutboxModel): void {
    this.models.set(model.collection.collectionName, model);
    this.timer ??= setInterval(() => this.sweep(), this.opts.sweepIntervalMs ?? 2000).unref();
    this.sweep();
  }

  /** The store wrote events into this document: publish them now. */
  private wrote(coll: string, id: AggregateId, outbox?: OutboxEntry[]): void {
    if (!this.models.has(coll) || this.waiting.size >= MAX_WAITING) return;
    const key = `${coll}:${String(id)}`;
    const earlier = this.waiting.get(key);
    // Two writes before one pass: both outboxes' entries (on MongoDB two writes can announce out of order).
    const merged =
      earlier && earlier.outbox && outbox
        ? [...new Map([...earlier.outbox, ...outbox].map((e) => [e.id, e])).values()]
        : earlier
          ? undefined
          : outbox;
    this.waiting.set(key, { coll, id, outbox: merged });
    this.flush();
  }

  /** Runs a pass over the documents written since the last one, now or right after the one in progress. */
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

  /** Also looks at stale pointers in the next pass (the periodic timer, and a broker that came back). */
  sweep(): void {
    this.sweepDue = true;
    this.flush();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      if (!this.opts.publisher.isReady) return;
      try {
        while (this.waiting.size > 0 && !this.stopped && this.opts.publisher.isReady) await this.livePass();
        if (this.sweepDue && !this.stopped) {
          this.sweepDue = false;
          await this.sweepPass();
        }
      } catch (err) {
        this.opts.logger.warn(
          { err: { message: (err as Error).message } },
          'outbox relay pass failed; the sweep retries',
        );
      }
    } while (this.again && !this.stopped);
  }

  private async livePass(): Promise<void> {
    const batch = [...this.waiting.entries()].slice(0, this.batchSize);
    for (const [key] of batch) this.waiting.delete(key);
    const published = await Promise.all(batch.map(([, { coll, id, outbox }]) => this.relayDocument(coll, id, outbox)));
    await this.opts.store.pointers.drop(published.flatMap((doc) => doc.removed));
  }

  /** Pointers older than a live pass takes: their documents are published again, dead pointers dropped. */
  private async sweepPass(): Promise<void> {
    const now = Date.now();
    const stale = await this.opts.store.pointers.older(new Date(now - this.staleAfterMs), this.batchSize * 4);
    const byDocument = new Map<string, { coll: string; id: AggregateId; pointers: OutboxPointer[] }>();
    for (const pointer of stale) {
      const key = `${pointer.coll}:${String(pointer.doc)}`;
      const entry = byDocument.get(key) ?? { coll: pointer.coll, id: pointer.doc as AggregateId, pointers: [] };
      entry.pointers.push(pointer);
      byDocument.set(key, entry);
    }
    const done: string[] = [];
    for (const group of chunks([...byDocument.values()], this.batchSize)) {
      const results = await Promise.all(group.map((doc) => this.relayDocument(doc.coll, doc.id)));
      group.forEach((doc, i) => {
        const result = results[i];
        if (!result) return;
        done.push(...result.removed);
        // The event is not in the document: published by an earlier pass whose pointer removal failed, or its
        // write never happened (a crash or a refused conditional write right after the pointer was written).
        const gone = doc.pointers.filter(
          (p) => !result.present.has(p._id) && now - p.at.getTime() > this.abandonAfterMs,
        );
        done.push(...gone.map((p) => p._id));
      });
    }
    await this.opts.store.pointers.drop([...new Set(done)]);
  }

  /**
   * Publishes one document's entries (those a write announced, or else those read by `_id`); returns the event ids
   * removed from it and those it held.
   */
  private async relayDocument(
    coll: string,
    id: AggregateId,
    announced?: OutboxEntry[],
  ): Promise<{ removed: string[]; present: Set<string> }> {
    const model = this.models.get(coll);
    if (!model) return { removed: [], present: new Set() };
    const { store } = this.opts;
    try {
      return await store.exclusive(model, id, async () => {
        const entries = announced
          ? announced.filter((e) => !this.recentlyPulled.has(e.id))
          : ((await store.get<{ outbox?: OutboxEntry[] }>(model, id, { outbox: 1 }))?.outbox ?? []);
        const present = new Set(entries.map((e) => e.id));
        if (entries.length === 0) return { removed: [], present };
        const { done, rejected } = await this.publishEntries(entries);
        const removed = [...done, ...rejected];
        if (removed.length > 0) await this.pull(model, id, done, rejected, !!announced);
        return { removed: removed.map((e) => e.id), present };
      });
    } catch (err) {
      this.opts.logger.warn(
        { err: { message: (err as Error).message }, collection: coll, id: String(id) },
        'could not relay a document; the sweep retries',
      );
      return { removed: [], present: new Set() };
    }
  }

  /** Takes the published (and rejected) entries out of the document, by value, in one write by `_id`. */
  private async pull(
    model: OutboxModel,
    id: AggregateId,
    done: OutboxEntry[],
    rejected: OutboxEntry[],
    fromAnnouncement: boolean,
  ): Promise<void> {
    const removed = [...done, ...rejected];
    const update: Record<string, unknown> = { $pullAll: { outbox: removed } };
    if (rejected.length > 0) update.$push = { outboxRejected: { $each: rejected } };
    const after = await this.opts.store.update<{ outbox?: OutboxEntry[] }>(model, id, undefined, update, { raw: true });
    const ids = new Set(removed.map((e) => e.id));
    const left = (after?.outbox ?? []).filter((e) => ids.has(e.id));
    if (left.length > 0 && fromAnnouncement) {
      // An announced entry differed from the stored one by a byte: pull the stored values instead.
      await this.opts.store.update(model, id, undefined, { $pullAll: { outbox: left } }, { raw: true });
    }
    for (const eventId of ids) this.recentlyPulled.add(eventId);
    for (const eventId of this.recentlyPulled) {
      if (this.recentlyPulled.size <= MAX_RECENT) break;
      this.recentlyPulled.delete(eventId);
    }
  }

  /** Publishes entries in their order; an entry that breaks its schema is set aside instead of retried forever. */
  private async publishEntries(entries: OutboxEntry[]): Promise<{ done: OutboxEntry[]; rejected: OutboxEntry[] }> {
    const done: OutboxEntry[] = [];
    const rejected: OutboxEntry[] = [];
    await Promise.all(
      entries.map(async (entry) => {
        const envelope = envelopeOf(entry);
        const valid = parseEvent(envelope);
        if (!valid.ok) {
          this.opts.logger.error(
            { eventId: entry.id, eventType: entry.type, reason: valid.reason },
            'outbox entry breaks its schema; moved to outboxRejected',
          );
          rejected.push(entry);
          return;
        }
        try {
          this.opts.metrics.published.inc({ type: valid.event.type });
          // Published inside the emitting write's trace, so an AMQP instrumentation's publish span joins it.
          const result = await runInTrace(entry.trace, () =>
            this.opts.publisher.publish(
              EVENTS_EXCHANGE,
              valid.event.type,
              Buffer.from(JSON.stringify(envelope)),
              eventPublishOptions(valid.event, entry.trace),
            ),
          );
          this.opts.metrics.confirmed.inc({ type: valid.event.type });
          if (!result.routed) {
            this.opts.metrics.unroutable.inc({ type: valid.event.type });
            // Every publisher declares its subscribers' queues before it publishes, so this is a bug, not a start order.
            this.opts.logger.error(
              { eventId: entry.id, eventType: entry.type },
              'event has subscribers but no queue was bound for its type; it is lost',
            );
          }
          done.push(entry);
        } catch (err) {
          this.opts.logger.warn(
            { eventId: entry.id, eventType: entry.type, err: { message: (err as Error).message } },
            'event not confirmed; stays in the outbox',
          );
        }
      }),
    );
    return { done, rejected };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
