import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '@shopwire/service-kit';

export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'cancelled';

export interface DeliveryAttempt {
  at: Date;
  /** The partner's status code; absent when no answer came (timeout, refused target, connection error). */
  status?: number;
  latencyMs: number;
  error?: string;
  /** At most 1 KiB of the answer's body. */
  body?: string;
}

/**
 * One event for one endpoint, stored before its first attempt: `_id` is the endpoint's id and the event's, so a
 * redelivered event finds its delivery made already.
 */
export interface Delivery {
  _id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  /** The signed body, kept as sent so every attempt signs the same bytes. */
  payload: string;
  state: DeliveryState;
  attempts: DeliveryAttempt[];
  attemptCount: number;
  lastStatus?: number;
  lastLatencyMs?: number;
  lastError?: string;
  nextAttemptAt?: Date;
  /**
   * Set while the delivery is handed to the sender (a new one is stored with it set); found set by the next attempt,
   * the previous one was cut off (a crash, a shutdown) and the partner may have it.
   */
  inFlightSince?: Date;
  /** Its number in the endpoint's delivery log (`delivery_log` `<endpointId>:<n>`). */
  logSeq: number;
  createdAt: Date;
}

const attemptSchema = new Schema<DeliveryAttempt>(
  { at: Date, status: Number, latencyMs: Number, error: String, body: String },
  { _id: false },
);

const deliverySchema = new Schema<Delivery>(
  {
    _id: { type: String, required: true },
    endpointId: { type: String, required: true },
    eventId: { type: String, required: true },
    eventType: { type: String, required: true },
    payload: { type: String, required: true },
    state: { type: String, required: true },
    attempts: { type: [attemptSchema], default: [] },
    attemptCount: { type: Number, default: 0 },
    lastStatus: Number,
    lastLatencyMs: Number,
    lastError: String,
    nextAttemptAt: Date,
    inFlightSince: Date,
    logSeq: Number,
    createdAt: { type: Date, required: true },
  },
  { collection: 'deliveries', versionKey: false },
);

export type DeliveryModel = Model<Delivery>;

export function deliveryModel(connection: Connection): DeliveryModel {
  return modelOn(connection, 'Delivery', deliverySchema);
}

export function deliveryIdOf(endpointId: string, eventId: string): string {
  return `${endpointId}.${eventId}`;
}
