import type { Connection, mongo } from 'mongoose';

/** One event written to a document's outbox and not yet published: `_id` is the event id. */
export interface OutboxPointer {
  _id: string;
  /** The collection and `_id` of the document whose outbox holds the event. */
  coll: string;
  doc: unknown;
  at: Date;
}

export const OUTBOX_POINTERS = 'outbox_pointers';
const DUPLICATE_KEY = 11000;

/** The event ids in what a write puts into an outbox: an entry, `{ $each: entries }`, or an array of entries. */
export function announcedEvents(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const each = (value as { $each?: unknown }).$each;
  const entries = Array.isArray(value) ? value : Array.isArray(each) ? each : [value];
  return entries.map((entry) => (entry as { id?: unknown }).id).filter((id): id is string => typeof id === 'string');
}

function isOnlyDuplicates(error: unknown): boolean {
  const err = error as { code?: number; writeErrors?: Array<{ code?: number }> };
  if (err.code === DUPLICATE_KEY && !err.writeErrors) return true;
  return !!err.writeErrors?.length && err.writeErrors.every((w) => w.code === DUPLICATE_KEY);
}

/**
 * The relay's index of work: a pointer is written before the write that stores its event and removed once the
 * broker confirmed the event, so this collection holds only events in flight and recovery never scans the
 * documents themselves (docs/messaging.md states the invariant).
 */
export class OutboxPointers {
  private queued: OutboxPointer[] = [];
  private batch: Promise<void> | undefined;

  constructor(private readonly connection: Connection) {}

  get collection(): mongo.Collection<OutboxPointer> {
    return this.connection.collection<OutboxPointer>(OUTBOX_POINTERS) as unknown as mongo.Collection<OutboxPointer>;
  }

  /**
   * Writes the pointers of one write's events. Pointers asked for in the same tick go in one insert (a group
   * commit): under load, many writes share one round trip and one store transaction.
   */
  add(coll: string, doc: unknown, eventIds: readonly string[]): Promise<void> {
    if (eventIds.length === 0) return Promise.resolve();
    const at = new Date();
    this.queued.push(...eventIds.map((id) => ({ _id: id, coll, doc, at })));
    this.batch ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      const pointers = this.queued;
      this.queued = [];
      this.batch = undefined;
      return this.insert(pointers);
    });
    return this.batch;
  }

  private async insert(pointers: OutboxPointer[]): Promise<void> {
    try {
      await this.collection.insertMany(pointers, { ordered: false });
    } catch (error) {
      if (!isOnlyDuplicates(error)) throw error;
    }
  }

  /** Removes pointers by `_id`, in one round trip. */
  async drop(eventIds: readonly string[]): Promise<void> {
    if (eventIds.length === 0) return;
    await this.collection.bulkWrite(
      eventIds.map((id) => ({ deleteOne: { filter: { _id: id } } })),
      { ordered: false },
    );
  }

  /** Pointers written before `before`, oldest first: the in-flight events a live pass has not finished. */
  older(before: Date, limit: number): Promise<OutboxPointer[]> {
    return this.collection.find({ at: { $lt: before } }).sort({ at: 1 }).limit(limit).toArray();
  }

  /** How many events wait and since when. */
  async status(): Promise<{ backlog: number; oldestAt: Date | null }> {
    const [backlog, oldest] = await Promise.all([
      this.collection.countDocuments({}),
      this.collection.find({}, { projection: { at: 1 } }).sort({ at: 1 }).limit(1).next(),
    ]);
    return { backlog, oldestAt: oldest?.at ?? null };
  }
}
