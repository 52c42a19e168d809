import type { mongo } from 'mongoose';

const DUPLICATE_KEY = 11000;

/** Ids of events a service has handled, in its own database: `<service>:<event id>` as a unique _id. */
export class ProcessedEvents {
  constructor(
    private readonly collection: mongo.Collection<{ _id: string; at: Date }>,
    private readonly service: string,
  ) {}

  private key(eventId: string): string {
    return `${this.service}:${eventId}`;
  }

  async has(eventId: string): Promise<boolean> {
    // A find by _id, not countDocuments: FerretDB runs a count as an aggregation over the whole collection.
    return (await this.collection.findOne({ _id: this.key(eventId) }, { projection: { _id: 1 } })) !== null;
  }

  async record(eventId: string): Promise<void> {
    try {
      await this.collection.insertOne({ _id: this.key(eventId), at: new Date() });
    } catch (err) {
      if ((err as { code?: number }).code !== DUPLICATE_KEY) throw err;
    }
  }
}
