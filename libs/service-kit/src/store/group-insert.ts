import type { mongo } from 'mongoose';
import { isOnlyDuplicateKeys } from './duplicate-key';

/**
 * Inserts asked for in the same tick go to the store as one unordered insert (a group commit): under load many
 * writers share one round trip and one store transaction. A document whose `_id` exists already counts as inserted.
 */
export function createGroupInsert<T extends mongo.Document>(
  collection: () => mongo.Collection<T>,
): (docs: readonly T[]) => Promise<void> {
  let queued: T[] = [];
  let batch: Promise<void> | undefined;
  const insert = async (docs: T[]): Promise<void> => {
    try {
      await collection().insertMany(docs as mongo.OptionalUnlessRequiredId<T>[], { ordered: false });
    } catch (error) {
      if (!isOnlyDuplicateKeys(error)) throw error;
    }
  };
  return (docs) => {
    if (docs.length === 0) return Promise.resolve();
    queued.push(...docs);
    batch ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      const taken = queued;
      queued = [];
      batch = undefined;
      return insert(taken);
    });
    return batch;
  };
}
