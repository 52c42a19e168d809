import type { mongo } from 'mongoose';
import type { StoreDeps } from '../deps';
import { logEntryId, type DeliveryLogEntry } from '../models/delivery-log.model';
import { groupedInsert } from './grouped-writes';
import { highestInUse } from './numbering';

/**
 * Numbers deliveries in their endpoint's log (`<endpointId>:<n>`, read newest first by `_id`). The numbers are
 * counted in this process, from the highest in use when it first needs them; each entry is an insert, grouped with
 * the others of the moment, so numbering costs no counter write. Two replicas numbering for one endpoint learn of
 * each other from a duplicate `_id`, catch up and take the next free number.
 */
export class DeliveryLog {
  private readonly counters = new Map<string, Promise<{ last: number }>>();
  private readonly insert: (entry: DeliveryLogEntry) => Promise<boolean>;

  constructor(private readonly deps: StoreDeps) {
    this.insert = groupedInsert(
      () => deps.models.deliveryLog.collection as unknown as mongo.Collection<DeliveryLogEntry>,
    );
  }

  /** The next number of the endpoint's log (the first call per endpoint reads where the log stands). */
  async take(endpointId: string): Promise<number> {
    const counter = await this.counter(endpointId);
    counter.last += 1;
    return counter.last;
  }

  /** The highest number in the endpoint's log, with what other replicas numbered since this one last looked. */
  async top(endpointId: string): Promise<number> {
    const counter = await this.counter(endpointId);
    const highest = await this.highest(endpointId, counter.last);
    // Numbers taken meanwhile may not be written yet: the count never goes back.
    counter.last = Math.max(counter.last, highest);
    return counter.last;
  }

  /**
   * Writes the entry `n` → the delivery. When another replica took `n` meanwhile, the delivery gets the next free
   * number, stored in it (`logSeq`) before its entry; returns the number it is listed under.
   */
  async list(endpointId: string, n: number, deliveryId: string): Promise<number> {
    for (let seq = n; ;) {
      if (await this.insert({ _id: logEntryId(endpointId, seq), deliveryId })) return seq;
      const holder = await this.deps.store.get(this.deps.models.deliveryLog, logEntryId(endpointId, seq));
      if (holder?.deliveryId === deliveryId) return seq;
      await this.top(endpointId);
      seq = await this.take(endpointId);
      await this.deps.store.update(this.deps.models.deliveries, deliveryId, undefined, { $set: { logSeq: seq } });
    }
  }

  private counter(endpointId: string): Promise<{ last: number }> {
    let counter = this.counters.get(endpointId);
    if (!counter) {
      counter = this.highest(endpointId, 0).then((last) => ({ last }));
      this.counters.set(endpointId, counter);
      counter.catch(() => this.counters.delete(endpointId));
    }
    return counter;
  }

  private highest(endpointId: string, known: number): Promise<number> {
    return highestInUse(
      async (n) =>
        (await this.deps.store.get(this.deps.models.deliveryLog, logEntryId(endpointId, n), { _id: 1 })) !== null,
      known,
    );
  }
}
