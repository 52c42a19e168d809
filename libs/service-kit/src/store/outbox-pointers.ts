import type { Connection, mongo } from 'mongoose';
import { createGroupInsert } from './group-insert';

/** One event written to a document's outbox and not yet published: `_id` is the event id. */
export interface OutboxPointer {
  _id: string;
  /** The collection and `_id` of the document whose outbox holds the event. */
  coll: string;
  doc: unknown;
  at: Date;
}

export const OUTBOX_POINTERS = 'outbox_pointers';

/** The event ids in what a write puts into an outbox: an entry, `{ $each: entries }`, or an array of entries. */
export function announcedEvents(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const each = (value as { $each?: unknown }).$each;
  const entries = Array.isArray(value) ? value : Array.isArray(each) ? each : [value];
  return entries.map((entry) => (entry as { id?: unknown }).id).filter((id): id is string => typeof id === 'string');
}

/**
 * The relay's index of work: a pointer is written before the write that stores its event and removed once the
 * broker confirmed the event, so this collection holds only events in flight and recovery never scans the
 * documents themselves (docs/messaging.md states the invariant).
 */
export class OutboxPointers {
  private readonly insert = createGroupInsert(() => this.collection);

  constructor(private readonly connection: Connection) {}

  get collection(): mongo.Collection<OutboxPointer> {
    return this.connection.collection<OutboxPointer>(OUTBOX_POINTERS) as unknown as mongo.Collection<OutboxPointer>;
  }

  /** Writes the pointers of one write's events (grouped with other writes' pointers of the same tick). */
  add(coll: string, doc: unknown, eventIds: readonly string[]): Promise<void> {
    const at = new Date();
    return this.insert(eventIds.map((id) => ({ _id: id, coll, doc, at })));
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
    return this.collection
      .find({ at: { $lt: before } })
      .sort({ at: 1 })
      .limit(limit)
      .toArray();
  }

  /** How many events wait and since when. */
  async status(): Promise<{ backlog: number; oldestAt: Date | null }> {
    const [backlog, oldest] = await Promise.all([
      this.collection.countDocuments({}),
      this.collection
        .find({}, { projection: { at: 1 } })
        .sort({ at: 1 })
        .limit(1)
        .next(),
    ]);
    return { backlog, oldestAt: oldest?.at ?? null };
  }
}
