import type { mongo } from 'mongoose';
import type { JobDefinition } from './job-runner';

export interface PurgeOptions {
  /** Documents per batch: one query for their `_id`s, then one bulk delete by `_id`. */
  batch?: number;
  /** Batches per run at most, so one run stays short; the next run goes on. */
  maxBatches?: number;
  /** Instead of deleting, applies this update to each (it must make the document stop matching `filter`). */
  update?: mongo.UpdateFilter<mongo.Document>;
}

/**
 * Retention: deletes (or updates, `update`) the documents `filter` matches, in small batches. The query is the job's, never a request's or
 * an event's; it uses the collection's index on MongoDB and reads the collection on FerretDB (docs/decisions.md).
 * The deletes are by `_id` alone, so `filter` must describe a state documents never leave (expired stays expired).
 */
export async function purgeExpired<T extends mongo.Document>(
  collection: mongo.Collection<T>,
  filter: mongo.Filter<T>,
  opts: PurgeOptions = {},
): Promise<number> {
  const batch = opts.batch ?? 200;
  let removed = 0;
  for (let i = 0; i < (opts.maxBatches ?? 25); i += 1) {
    const ids = (
      await collection
        .find(filter, { projection: { _id: 1 } })
        .limit(batch)
        .toArray()
    ).map((doc) => doc._id);
    if (ids.length === 0) break;
    const byId = (_id: unknown) => ({ _id }) as mongo.Filter<T>;
    const writes = opts.update
      ? ids.map((_id) => ({ updateOne: { filter: byId(_id), update: opts.update as mongo.UpdateFilter<T> } }))
      : ids.map((_id) => ({ deleteOne: { filter: byId(_id) } }));
    const result = await collection.bulkWrite(writes as mongo.AnyBulkWriteOperation<T>[], { ordered: false });
    removed += opts.update ? result.modifiedCount : result.deletedCount;
    if (ids.length < batch) break;
  }
  return removed;
}

/** Runs `work` at the first call and returns its promise to later ones; after a failure the next call tries again (index builds). */
export function untilDone(work: () => Promise<unknown>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= work().then(
      () => undefined,
      (error: unknown) => {
        done = undefined;
        throw error;
      },
    );
    return done;
  };
}

export interface RetentionJobOptions<T extends mongo.Document> {
  /** Unique per service (the job's lease). */
  name: string;
  collection: mongo.Collection<T>;
  /** The fields the job's filters read: indexed once before its first run (MongoDB uses them; FerretDB scans). */
  indexes: ReadonlyArray<Record<string, 1>>;
  everyMs: number;
  /** One run at `now` (ms): its `purgeExpired` calls; what it returns is the run's result (counts per rule). */
  purge(collection: mongo.Collection<T>, now: number): Promise<unknown>;
}

/** A scheduled retention job over one collection: its indexes are built before the first run, then `purge` runs. */
export function retentionJob<T extends mongo.Document>(opts: RetentionJobOptions<T>): JobDefinition {
  const indexed = untilDone(() => Promise.all(opts.indexes.map((key) => opts.collection.createIndex(key))));
  return {
    name: opts.name,
    schedule: { everyMs: opts.everyMs },
    async run() {
      await indexed();
      return opts.purge(opts.collection, Date.now());
    },
  };
}
