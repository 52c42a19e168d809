import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '@shopwire/service-kit';

/** The n-th delivery of an endpoint: its log is read newest first, by `_id`, from the endpoint's count down. */
export interface DeliveryLogEntry {
  _id: string;
  deliveryId: string;
}

const deliveryLogSchema = new Schema<DeliveryLogEntry>(
  { _id: { type: String, required: true }, deliveryId: { type: String, required: true } },
  { collection: 'delivery_log', versionKey: false },
);

export type DeliveryLogModel = Model<DeliveryLogEntry>;

export function deliveryLogModel(connection: Connection): DeliveryLogModel {
  return modelOn(connection, 'DeliveryLogEntry', deliveryLogSchema);
}

export function logEntryId(endpointId: string, seq: number): string {
  return `${endpointId}:${String(seq).padStart(12, '0')}`;
}
