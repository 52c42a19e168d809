import { Schema } from 'mongoose';
import type { EventEnvelope } from '@shopwire/contracts';
import { captureTraceHeaders } from './trace-context';

/** One pending event inside the aggregate document: the envelope plus the trace it was emitted in. */
const outboxEntrySchema = new Schema(
  {
    id: { type: String, required: true },
    type: { type: String, required: true },
    version: { type: Number, required: true },
    occurredAt: { type: String, required: true },
    source: { type: String, required: true },
    correlationId: { type: String, required: true },
    causationId: { type: String, default: null },
    data: { type: Schema.Types.Mixed, required: true },
    // Captured when the entry is cast, i.e. inside the request or handler that emits it.
    trace: { type: Schema.Types.Mixed, default: captureTraceHeaders },
  },
  { _id: false, minimize: false },
);

/** Envelope fields in the stored entry: what the relay publishes, and all it publishes. */
export const ENVELOPE_FIELDS = [
  'id',
  'type',
  'version',
  'occurredAt',
  'source',
  'correlationId',
  'causationId',
  'data',
] as const;

/** The fields withOutbox adds, for the document's TypeScript type. */
export interface OutboxFields {
  outbox: EventEnvelope[];
}

/**
 * Mongoose schema plugin: the document carries the events its changes cause (`outbox`), written through the store
 * in the same single-document write as the change.
 */
export function withOutbox(schema: Schema): void {
  schema.add({
    outbox: { type: [outboxEntrySchema], default: [] },
    // Entries that broke their schema: kept for a human instead of published or retried forever.
    outboxRejected: { type: [Schema.Types.Mixed], default: undefined },
  });
}
