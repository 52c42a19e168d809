import type { mongo } from 'mongoose';
import { outboxStatusOf } from '@shopwire/messaging';
import { OUTBOX_POINTERS, type OutboxPointer } from '@shopwire/service-kit';

export interface OutboxRow {
  service: string;
  database: string;
  collection: string;
  backlog: number;
  oldestAgeSeconds: number | null;
}

/** Backlog and oldest pending event per outbox collection of one service's database (one row at least). */
export async function outboxRows(service: string, db: mongo.Db, now: number): Promise<OutboxRow[]> {
  const database = db.databaseName;
  const statuses = await outboxStatusOf(db.collection<OutboxPointer>(OUTBOX_POINTERS));
  const rows = [...statuses]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([collection, status]) => ({
      service,
      database,
      collection,
      backlog: status.backlog,
      oldestAgeSeconds: status.oldestAt ? Math.max(0, Math.round((now - status.oldestAt.getTime()) / 1000)) : null,
    }));
  return rows.length > 0 ? rows : [{ service, database, collection: '-', backlog: 0, oldestAgeSeconds: null }];
}
