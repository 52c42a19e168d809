import type { mongo } from 'mongoose';
import type { OutboxPointer } from '@shopwire/service-kit';

export interface OutboxStatus {
  backlog: number;
  oldestAt: Date | null;
}

/**
 * Backlog and oldest waiting event per collection, from the relay's pointers (one per event in flight), so it costs
 * what is in flight, never the size of the collections themselves.
 */
export async function outboxStatusOf(pointers: mongo.Collection<OutboxPointer>): Promise<Map<string, OutboxStatus>> {
  const byCollection = new Map<string, OutboxStatus>();
  for await (const pointer of pointers.find({}, { projection: { coll: 1, at: 1 } })) {
    const status = byCollection.get(pointer.coll) ?? { backlog: 0, oldestAt: null };
    status.backlog += 1;
    if (!status.oldestAt || pointer.at < status.oldestAt) status.oldestAt = pointer.at;
    byCollection.set(pointer.coll, status);
  }
  return byCollection;
}
