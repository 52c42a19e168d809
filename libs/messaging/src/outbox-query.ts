import type { mongo } from 'mongoose';

type Collection<T extends mongo.Document> = mongo.Collection<T>;
type Document = mongo.Document;

export const HAS_OUTBOX = { 'outbox.0': { $exists: true } };

export interface OutboxStatus {
  backlog: number;
  oldestOccurredAt: string | null;
}

/** Backlog and oldest pending event of one collection (aggregation limited to what FerretDB supports). */
export async function outboxStatusOf(collection: Collection<Document>): Promise<OutboxStatus> {
  const [counted] = await collection.aggregate<{ n: number }>([{ $match: HAS_OUTBOX }, { $unwind: '$outbox' }, { $count: 'n' }]).toArray();
  if (!counted?.n) return { backlog: 0, oldestOccurredAt: null };
  const [oldest] = await collection
    .aggregate<{ outbox: { occurredAt: string } }>([{ $match: HAS_OUTBOX }, { $unwind: '$outbox' }, { $sort: { 'outbox.occurredAt': 1 } }, { $limit: 1 }, { $project: { _id: 0, 'outbox.occurredAt': 1 } }])
    .toArray();
  return { backlog: counted.n, oldestOccurredAt: oldest?.outbox.occurredAt ?? null };
}
