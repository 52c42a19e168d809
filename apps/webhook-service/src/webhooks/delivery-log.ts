import type { mongo } from 'mongoose';
import { createGroupInsert } from '@shopwire/service-kit';
import type { StoreDeps } from '../models';
import { logEntryId, type DeliveryLogEntry } from '../models/delivery-log.model';

interface Queued {
  deliveryId: string;
  done: (error?: Error) => void;
}

/**
 * Numbers deliveries in their endpoint's log. Appends to one endpoint made while a write is out are numbered
 * together by one `$inc` of the endpoint's count, so a busy endpoint costs one counter write per batch, not per
 * delivery (on FerretDB an update is a read and a write, serialised per document).
 */
export class DeliveryLogAppender {
  private readonly queued = new Map<string, Queued[]>();
  private readonly flushing = new Set<string>();
  private readonly insert: (docs: readonly DeliveryLogEntry[]) => Promise<void>;

  constructor(private readonly deps: StoreDeps) {
    const collection = (): mongo.Collection<DeliveryLogEntry> => deps.models.deliveryLog.collection as unknown as mongo.Collection<DeliveryLogEntry>;
    this.insert = createGroupInsert(collection);
  }

  append(endpointId: string, deliveryId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const list = this.queued.get(endpointId) ?? [];
      list.push({ deliveryId, done: (error) => (error ? reject(error) : resolve()) });
      this.queued.set(endpointId, list);
      if (!this.flushing.has(endpointId)) void this.flush(endpointId);
    });
  }

  private async flush(endpointId: string): Promise<void> {
    this.flushing.add(endpointId);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      for (let batch = this.take(endpointId); batch.length > 0; batch = this.take(endpointId)) {
        try {
          await this.write(endpointId, batch.map((entry) => entry.deliveryId));
          for (const entry of batch) entry.done();
        } catch (error) {
          for (const entry of batch) entry.done(error as Error);
        }
      }
    } finally {
      this.flushing.delete(endpointId);
    }
  }

  private take(endpointId: string): Queued[] {
    const batch = this.queued.get(endpointId) ?? [];
    this.queued.delete(endpointId);
    return batch;
  }

  private async write(endpointId: string, deliveryIds: string[]): Promise<void> {
    const { store, models } = this.deps;
    const endpoint = await store.update(models.endpoints, endpointId, undefined, { $inc: { deliverySeq: deliveryIds.length } });
    if (!endpoint) return;
    const first = endpoint.deliverySeq - deliveryIds.length + 1;
    await this.insert(deliveryIds.map((deliveryId, i) => ({ _id: logEntryId(endpointId, first + i), deliveryId })));
  }
}
