import mongoose from 'mongoose';
import { testEnv, unique } from '@shopwire/testing';

/** Counts how often a handler applied its effect per key, in a database of the test's own. */
export async function effectCounter(): Promise<{
  apply(key: string): Promise<void>;
  count(key: string): Promise<number>;
  total(): Promise<number>;
  distinct(): Promise<number>;
  close(): Promise<void>;
}> {
  const connection = await mongoose.createConnection(testEnv.mongoUrl, { dbName: unique('effects') }).asPromise();
  const effects = connection.collection<{ _id: string; count: number }>('effects');
  return {
    // Deliberately not idempotent: a second run for the same key shows up as count 2.
    apply: async (key) => void (await effects.updateOne({ _id: key }, { $inc: { count: 1 } }, { upsert: true })),
    count: async (key) => (await effects.findOne({ _id: key }))?.count ?? 0,
    distinct: async () => effects.countDocuments({}),
    total: async () => (await effects.find({}).toArray()).reduce((sum, e) => sum + e.count, 0),
    async close() {
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    },
  };
}
