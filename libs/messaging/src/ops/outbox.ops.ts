import mongoose from 'mongoose';
import { outboxStatusOf } from '../outbox-query';

export interface OutboxRow {
  service: string;
  database: string;
  collection: string;
  backlog: number;
  oldestAgeSeconds: number | null;
}

/** Backlog and oldest pending event per collection of each service's database (a row per service at least). */
export async function outboxStatus(mongoUrl: string, services: ReadonlyMap<string, string>, now = Date.now()): Promise<OutboxRow[]> {
  const client = new mongoose.mongo.MongoClient(mongoUrl, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  try {
    const rows: OutboxRow[] = [];
    for (const [service, database] of services) {
      const db = client.db(database);
      const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
      const before = rows.length;
      for (const name of names) {
        const status = await outboxStatusOf(db.collection(name));
        if (status.backlog === 0) continue;
        const age = status.oldestOccurredAt ? Math.max(0, Math.round((now - Date.parse(status.oldestOccurredAt)) / 1000)) : null;
        rows.push({ service, database, collection: name, backlog: status.backlog, oldestAgeSeconds: age });
      }
      if (rows.length === before) rows.push({ service, database, collection: '-', backlog: 0, oldestAgeSeconds: null });
    }
    return rows;
  } finally {
    await client.close();
  }
}
