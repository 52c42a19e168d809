import mongoose from 'mongoose';
import { outboxStatusOf } from '@shopwire/messaging';
import { OUTBOX_POINTERS, type OutboxPointer } from '@shopwire/service-kit';

export interface OutboxRow {
  service: string;
  database: string;
  collection: string;
  backlog: number;
  oldestAgeSeconds: number | null;
}

/** Backlog and oldest pending event per collection of each service's database (a row per service at least). */
export async function outboxStatus(
  mongoUrl: string,
  services: ReadonlyMap<string, string>,
  now = Date.now(),
): Promise<OutboxRow[]> {
  const client = new mongoose.mongo.MongoClient(mongoUrl, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  try {
    const rows: OutboxRow[] = [];
    for (const [service, database] of services) {
      const db = client.db(database);
      const statuses = await outboxStatusOf(db.collection<OutboxPointer>(OUTBOX_POINTERS));
      const before = rows.length;
      for (const [name, status] of [...statuses].sort(([a], [b]) => a.localeCompare(b))) {
        const age = status.oldestAt ? Math.max(0, Math.round((now - status.oldestAt.getTime()) / 1000)) : null;
        rows.push({ service, database, collection: name, backlog: status.backlog, oldestAgeSeconds: age });
      }
      if (rows.length === before) rows.push({ service, database, collection: '-', backlog: 0, oldestAgeSeconds: null });
    }
    return rows;
  } finally {
    await client.close();
  }
}
