import type { Connection, mongo } from 'mongoose';
import { createGroupInsert } from '../store/group-insert';

/** One piece of work due at a time: `_id` names what it is about (an order, a reservation). */
export interface DueEntry<Id> {
  _id: Id;
  dueAt: Date;
}

/**
 * A due-list: what must be looked at again at a given time (a saga deadline, a reservation's expiry). Entries are
 * written by `_id` on the hot path (inserts, grouped per tick) and dropped once handled, so the list holds only
 * work still ahead; `due` is the one query on another field, made by a background job and never on a request's or an
 * event's path. On MongoDB it uses the `dueAt` index; on FerretDB it reads the list, whose size follows the rate of
 * new work times the delay, not the history (docs/decisions.md).
 */
export interface DueList<Id> {
  readonly name: string;
  add(id: Id, dueAt: Date): Promise<void>;
  /** The oldest entries due at or before `now`. */
  due(now: Date, limit: number): Promise<Array<DueEntry<Id>>>;
  /** Moves an entry to a later time (its work could not be done yet). */
  postpone(id: Id, dueAt: Date): Promise<void>;
  drop(id: Id): Promise<void>;
  ensureIndexes(): Promise<void>;
}

export function createDueList<Id extends string | mongo.ObjectId>(connection: Connection, name: string): DueList<Id> {
  const collection = (): mongo.Collection<DueEntry<Id>> =>
    connection.collection<DueEntry<Id>>(name) as unknown as mongo.Collection<DueEntry<Id>>;
  const insert = createGroupInsert(collection);
  const byId = (id: Id) => ({ _id: id }) as mongo.Filter<DueEntry<Id>>;
  return {
    name,
    add: (id, dueAt) => insert([{ _id: id, dueAt } as DueEntry<Id>]),
    due: async (now, limit) =>
      (await collection()
        .find({ dueAt: { $lte: now } } as mongo.Filter<DueEntry<Id>>)
        .sort({ dueAt: 1 })
        .limit(limit)
        .toArray()) as Array<DueEntry<Id>>,
    postpone: async (id, dueAt) => {
      await collection().updateOne(byId(id), { $set: { dueAt } } as mongo.UpdateFilter<DueEntry<Id>>);
    },
    drop: async (id) => {
      await collection().deleteOne(byId(id));
    },
    ensureIndexes: async () => {
      await collection().createIndex({ dueAt: 1 });
    },
  };
}

/** What handling one due entry came to: `later` keeps it for another look after the retry delay; anything else drops it. */
export type DueOutcome = string;

export interface WorkOffOptions<Id> {
  now?: Date;
  /** At most this many entries per call (small batches, so one run stays short). */
  batch?: number;
  /** When an entry that could not be handled (`later`, or an error) is looked at again. */
  retryAfterMs: number;
  onError?: (id: Id, error: Error) => void;
}

/**
 * Handles the due entries, oldest first: each outcome but `later` drops its entry; `later` and a failure postpone it.
 * Returns how many entries ended in each outcome (`failed` for errors).
 */
export async function workOffDue<Id extends string | mongo.ObjectId>(
  list: DueList<Id>,
  handle: (id: Id) => Promise<DueOutcome>,
  opts: WorkOffOptions<Id>,
): Promise<Record<string, number>> {
  const now = opts.now ?? new Date();
  const counts: Record<string, number> = {};
  const retryAt = () => new Date(now.getTime() + opts.retryAfterMs);
  for (const { _id: id } of await list.due(now, opts.batch ?? 100)) {
    let outcome: DueOutcome;
    try {
      outcome = await handle(id);
      await (outcome === 'later' ? list.postpone(id, retryAt()) : list.drop(id));
    } catch (error) {
      outcome = 'failed';
      opts.onError?.(id, error as Error);
      await list.postpone(id, retryAt()).catch(() => undefined);
    }
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  }
  return counts;
}
