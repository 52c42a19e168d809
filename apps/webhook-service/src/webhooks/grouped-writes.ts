import type { mongo } from 'mongoose';
import { DUPLICATE_KEY, isDuplicateKey } from '@shopwire/service-kit';

interface Waiting<R> {
  resolve: (value: R) => void;
  reject: (error: Error) => void;
}

/**
 * Gathers writes into one command: what is asked for while the previous command of this kind is out goes together
 * in the next. On FerretDB's SQLite backend each command is a round trip and a serialised write, so a busy moment
 * costs one command per batch, not one per delivery, and a quiet one waits for nothing.
 */
function grouped<T, R>(send: (items: T[]) => Promise<Array<R | Error>>): (item: T) => Promise<R> {
  let queued: Array<{ item: T } & Waiting<R>> = [];
  let busy = false;
  const flush = async (): Promise<void> => {
    busy = true;
    while (queued.length > 0) {
      const batch = queued;
      queued = [];
      try {
        const results = await send(batch.map((entry) => entry.item));
        batch.forEach((entry, i) => {
          const result = results[i] as R | Error;
          if (result instanceof Error) entry.reject(result);
          else entry.resolve(result);
        });
      } catch (error) {
        for (const entry of batch) entry.reject(error as Error);
      }
    }
    busy = false;
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      queued.push({ item, resolve, reject });
      // The first of a quiet moment waits one turn of the event loop, for the others of its tick.
      if (!busy) {
        busy = true;
        setImmediate(() => void flush());
      }
    });
}

/** The index of each document a bulk command refused, and why. */
function refusals(error: unknown): Map<number, { code?: number; errmsg?: string }> | undefined {
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  if (!writeErrors) return undefined;
  const list = (Array.isArray(writeErrors) ? writeErrors : [writeErrors]) as Array<{
    index: number;
    code?: number;
    errmsg?: string;
    err?: { index: number; code?: number; errmsg?: string };
  }>;
  return new Map(
    list.map((w) => [w.index ?? w.err?.index, { code: w.code ?? w.err?.code, errmsg: w.errmsg ?? w.err?.errmsg }]),
  );
}

/** Grouped inserts that say for each document whether it was new (true) or its `_id` existed already (false). */
export function groupedInsert<T extends mongo.Document>(
  collection: () => mongo.Collection<T>,
): (doc: T) => Promise<boolean> {
  return grouped<T, boolean>(async (docs) => {
    try {
      await collection().insertMany(docs as mongo.OptionalUnlessRequiredId<T>[], { ordered: false });
      return docs.map(() => true);
    } catch (error) {
      const refused = refusals(error);
      if (!refused) {
        if (isDuplicateKey(error) && docs.length === 1) return [false];
        throw error;
      }
      return docs.map((_, i) => {
        const why = refused.get(i);
        if (!why) return true;
        return why.code === DUPLICATE_KEY ? false : new Error(why.errmsg ?? 'insert refused');
      });
    }
  });
}

/** Grouped single-document writes, each naming its document by `_id` (`updateOne` or `deleteOne` in one bulk command). */
export function groupedBulk<T extends mongo.Document>(
  collection: () => mongo.Collection<T>,
): (op: mongo.AnyBulkWriteOperation<T>) => Promise<void> {
  return grouped<mongo.AnyBulkWriteOperation<T>, void>(async (ops) => {
    try {
      await collection().bulkWrite(ops, { ordered: false });
      return ops.map(() => undefined);
    } catch (error) {
      const refused = refusals(error);
      if (!refused) throw error;
      return ops.map((_, i) => (refused.has(i) ? new Error(refused.get(i)?.errmsg ?? 'write refused') : undefined));
    }
  });
}
