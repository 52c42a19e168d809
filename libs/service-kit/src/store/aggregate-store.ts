import type { Connection, Model, Types, UpdateQuery } from 'mongoose';
import sift from 'sift';
import { createKeyedLock } from './keyed-lock';
import { announcedEvents, OutboxPointers } from './outbox-pointers';

export type StoreKind = 'mongodb' | 'ferretdb';
export type AggregateId = string | Types.ObjectId;
/** A predicate on the document's own fields, in MongoDB's query language (`{ status: 'pending' }`, `{ 'stock.available': { $gte: 2 } }`). */
export type Predicate = Record<string, unknown>;
/** A mongoose model of documents T, whatever its virtuals and helpers. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ModelOf<T> = Model<T, any, any, any, any, any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModel = ModelOf<any>;

export interface UpdateOptions {
  /** Creates the document when it does not exist (only without a predicate). */
  upsert?: boolean;
  /** Sends the update as written, without the model's casting, defaults and timestamps (e.g. `$pullAll` of stored subdocuments, which must match them byte for byte). */
  raw?: boolean;
}

/**
 * Called after a write that put events into a document's outbox, with the outbox as the write left it (when the
 * write returned it as stored); the relay publishes them.
 */
export type OutboxListener = (
  collection: string,
  id: AggregateId,
  outbox?: ReadonlyArray<Record<string, unknown>>,
) => void;

/**
 * The one way services change their documents. Every operation names one document by `_id`, so on FerretDB's
 * SQLite backend it reaches SQL and costs the same at any collection size; conditional changes are atomic on
 * MongoDB (one `findOneAndUpdate` with the predicate) and, on FerretDB, where an update is a read plus a separate
 * write, serialised per document in this process with the predicate checked in code.
 */
export interface AggregateStore {
  readonly connection: Connection;
  /** Which store answers, from `buildInfo` once connected. */
  kind(): Promise<StoreKind>;
  /** The document with this `_id` (plain object), or null. */
  get<T>(model: ModelOf<T>, id: AggregateId, projection?: Record<string, 0 | 1>): Promise<T | null>;
  /** Inserts a new document; a duplicate `_id` (or unique key) throws the driver's 11000 error. */
  insert<T>(model: ModelOf<T>, doc: Partial<T> & Record<string, unknown>): Promise<T>;
  /**
   * Applies `update` to the document when it exists and matches `when` (omit it for an unconditional change).
   * Returns the document after the change, or null when it is missing or did not match.
   */
  update<T>(
    model: ModelOf<T>,
    id: AggregateId,
    when: Predicate | undefined,
    update: UpdateQuery<T>,
    options?: UpdateOptions,
  ): Promise<T | null>;
  /** Deletes the document when it matches `when`; true when it was deleted. */
  remove<T>(model: ModelOf<T>, id: AggregateId, when?: Predicate): Promise<boolean>;
  /** Runs a read-decide-write sequence on one document with no other change of it in this process in between. */
  exclusive<R>(model: AnyModel, id: AggregateId, work: () => Promise<R>): Promise<R>;
  /** The pointers to documents with events not yet published (what the relay sweeps). */
  readonly pointers: OutboxPointers;
  onOutbox(listener: OutboxListener): void;
}

const NOT_CONNECTED_MS = 3000;

/** FerretDB answers `buildInfo` with its own version next to the MongoDB one it emulates. */
export async function detectStoreKind(connection: Connection): Promise<StoreKind> {
  const db = connection.db;
  if (!db) throw new Error('Operation buffering timed out: the store is not connected');
  const info = await db.admin().command({ buildInfo: 1 });
  return 'ferretdbVersion' in info ? 'ferretdb' : 'mongodb';
}

function waitForConnection(connection: Connection): Promise<void> {
  if (connection.readyState === 1 && connection.db) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      connection.off('connected', done);
      // Worded like mongoose's own buffering timeout, so the error handler answers 503 STORE_UNAVAILABLE.
      reject(new Error('Operation buffering timed out: the store is not connected'));
    }, NOT_CONNECTED_MS);
    function done(): void {
      clearTimeout(timer);
      resolve();
    }
    connection.once('connected', done);
  });
}

export interface AggregateStoreOptions {
  /** Takes this path instead of asking the store (tests run the MongoDB path's semantics on FerretDB too). */
  kind?: StoreKind;
}

export function createAggregateStore(connection: Connection, options: AggregateStoreOptions = {}): AggregateStore {
  const lock = createKeyedLock();
  const listeners: OutboxListener[] = [];
  const pointers = new OutboxPointers(connection);
  let detected: Promise<StoreKind> | undefined;

  const kind = (): Promise<StoreKind> => {
    detected ??= waitForConnection(connection)
      .then(() => options.kind ?? detectStoreKind(connection))
      .catch((error: unknown) => {
        detected = undefined;
        throw error;
      });
    return detected;
  };
  const keyOf = (model: AnyModel, id: AggregateId): string => `${model.collection.collectionName}:${String(id)}`;
  const exclusive = <R>(model: AnyModel, id: AggregateId, work: () => Promise<R>): Promise<R> =>
    lock(keyOf(model, id), work);
  /** On FerretDB, every write of a document holds its lock; MongoDB's own atomicity is enough there. */
  const guarded = async <R>(model: AnyModel, id: AggregateId, work: () => Promise<R>): Promise<R> =>
    (await kind()) === 'ferretdb' ? exclusive(model, id, work) : work();
  const announce = (model: AnyModel, id: AggregateId, outbox?: ReadonlyArray<Record<string, unknown>>): void => {
    // Called inside the writer's hold of the document: the listener's later work must not inherit it.
    lock.outside(() => {
      for (const listener of listeners) listener(model.collection.collectionName, id, outbox);
    });
  };
  const get = async <T>(model: ModelOf<T>, id: AggregateId, projection?: Record<string, 0 | 1>): Promise<T | null> =>
    ((await (model as AnyModel).findOne({ _id: id }, projection).lean()) as T | null) ?? null;

  const matches = async (model: AnyModel, id: AggregateId, when: Predicate): Promise<boolean> => {
    const current = await get(model, id);
    return current !== null && sift(when)(current);
  };

  return {
    connection,
    kind,
    get,
    pointers,
    exclusive,
    onOutbox: (listener) => void listeners.push(listener),

    async insert(model, doc) {
      const events = announcedEvents(doc.outbox);
      const id = (doc._id ?? undefined) as AggregateId | undefined;
      if (events.length > 0 && id === undefined)
        throw new Error('a document inserted with events needs its _id set by the caller');
      if (events.length > 0) await pointers.add(model.collection.collectionName, id as AggregateId, events);
      try {
        const created = await model.create(doc);
        if (events.length > 0) announce(model, id as AggregateId);
        return created.toObject();
      } catch (error) {
        if (events.length > 0) await pointers.drop(events).catch(() => undefined);
        throw error;
      }
    },

    async update<T>(
      model: ModelOf<T>,
      id: AggregateId,
      when: Predicate | undefined,
      update: UpdateQuery<T>,
      options: UpdateOptions = {},
    ): Promise<T | null> {
      if (options.upsert && when) throw new Error('an upsert takes no predicate');
      const events = announcedEvents((update.$push as Record<string, unknown> | undefined)?.outbox);
      return guarded(model, id, async () => {
        const ferret = (await kind()) === 'ferretdb';
        if (ferret && when && !(await matches(model, id, when))) return null;
        if (events.length > 0) await pointers.add(model.collection.collectionName, id, events);
        const filter = ferret || !when ? { _id: id } : { ...when, _id: id };
        const upsert = options.upsert ?? false;
        if (options.raw && when) throw new Error('a raw update takes no predicate');
        const after = options.raw
          ? ((await model.collection.findOneAndUpdate(
              { _id: (model.castObject({ _id: id }) as { _id: unknown })._id } as Record<string, unknown>,
              update as Record<string, unknown>,
              { returnDocument: 'after', upsert },
            )) as T | null)
          : ((await (model as AnyModel)
              .findOneAndUpdate(filter, update, { returnDocument: 'after', upsert })
              .lean()) as T | null);
        if (events.length > 0) {
          if (after) announce(model, id, (after as { outbox?: Array<Record<string, unknown>> }).outbox);
          else await pointers.drop(events).catch(() => undefined);
        }
        return (after as T | null) ?? null;
      });
    },

    async remove(model, id, when) {
      return guarded(model, id, async () => {
        const ferret = (await kind()) === 'ferretdb';
        if (ferret && when && !(await matches(model, id, when))) return false;
        const result = await model.deleteOne(ferret || !when ? { _id: id } : { ...when, _id: id });
        return result.deletedCount === 1;
      });
    },
  };
}
