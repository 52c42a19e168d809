import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '@shopwire/service-kit';

/**
 * One confirmed order as the recommendations count it (`_id` = orderId). A cancelled order keeps only its id and
 * `cancelled: true`: the tombstone makes a confirmation that arrives after its cancellation count for nothing.
 */
export interface PurchaseRecord {
  _id: string;
  userId?: string;
  productIds?: string[];
  at?: Date;
  cancelled: boolean;
}

const purchaseSchema = new Schema<PurchaseRecord>(
  {
    _id: { type: String, required: true },
    userId: { type: String },
    productIds: { type: [String], default: undefined },
    at: { type: Date },
    cancelled: { type: Boolean, required: true },
  },
  { collection: 'purchases', versionKey: false, autoIndex: false, autoCreate: false },
);

export type PurchaseModel = Model<PurchaseRecord>;

export function purchaseModel(connection: Connection): PurchaseModel {
  return modelOn(connection, 'Purchase', purchaseSchema);
}
