import amqp from 'amqplib';
import mongoose from 'mongoose';
import { testEnv } from './ports';

/**
 * A service's queue names, as `queuesOf` in @shopwire/messaging gives them. Passed in: this library does not import
 * messaging (whose own tests use this library).
 */
export interface ServiceQueueNames {
  main: string;
  dlq: string;
  retry(tier: number): string;
}

/** Deletes a test service's work queue, dead-letter queue and `tiers` retry queues; one already gone is no error. */
export async function deleteServiceQueues(
  queues: ServiceQueueNames,
  tiers: number,
  amqpUrl = testEnv.amqpUrl,
): Promise<void> {
  const connection = await amqp.connect(amqpUrl);
  connection.on('error', () => undefined);
  try {
    const channel = await connection.createChannel();
    for (const name of [queues.main, queues.dlq, ...Array.from({ length: tiers }, (_, i) => queues.retry(i + 1))])
      await channel.deleteQueue(name);
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** Drops a test's database in the shared store. */
export async function dropTestDatabase(db: string): Promise<void> {
  const store = await mongoose.createConnection(testEnv.mongoUrl, { dbName: db }).asPromise();
  try {
    await store.dropDatabase();
  } finally {
    await store.close();
  }
}

/** Removes what a test service left on the broker and in the store: its queues, then its database. */
export async function removeServiceData(opts: {
  queues: ServiceQueueNames;
  tiers: number;
  db: string;
  amqpUrl?: string;
}): Promise<void> {
  await deleteServiceQueues(opts.queues, opts.tiers, opts.amqpUrl);
  await dropTestDatabase(opts.db).catch(() => undefined);
}
