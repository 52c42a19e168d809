import type { mongo } from 'mongoose';
import { createGroupInsert, purgeExpired, retentionJob, type JobDefinition } from '@shopwire/service-kit';

/** Ids of events a service has handled, in its own database: `<service>:<event id>` as a unique _id. */
export class ProcessedEvents {
  private readonly insert: (docs: ReadonlyArray<{ _id: string; at: Date }>) => Promise<void>;

  constructor(
    private readonly collection: mongo.Collection<{ _id: string; at: Date }>,
    private readonly service: string,
  ) {
    // Handlers that finish in the same tick record their events in one insert.
    this.insert = createGroupInsert(() => this.collection);
  }

  private key(eventId: string): string {
    return `${this.service}:${eventId}`;
  }

  async has(eventId: string): Promise<boolean> {
    // A find by _id, not countDocuments: FerretDB runs a count as an aggregation over the whole collection.
    return (await this.collection.findOne({ _id: this.key(eventId) }, { projection: { _id: 1 } })) !== null;
  }

  record(eventId: string): Promise<void> {
    return this.insert([{ _id: this.key(eventId), at: new Date() }]);
  }
}

const DAY_MS = 86400000;

/** The retention job of the handled events' ids: those older than `retentionMs` go, in small batches. */
export function processedEventsRetention(
  collection: mongo.Collection<{ _id: string; at: Date }>,
  opts: { retentionMs?: number; purgeEveryMs?: number } = {},
): JobDefinition {
  const retentionMs = opts.retentionMs ?? 7 * DAY_MS;
  return retentionJob({
    name: 'processed-events-retention',
    collection,
    indexes: [{ at: 1 }],
    everyMs: opts.purgeEveryMs ?? 3600000,
    purge: (events, now) => purgeExpired(events, { at: { $lt: new Date(now - retentionMs) } }),
  });
}
