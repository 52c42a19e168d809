import { Schema, type Connection, type Model } from 'mongoose';
import type { Money } from '@shopwire/contracts';
import { modelOn } from '@shopwire/service-kit';

/** What the recommendations show of a product (`_id` = productId), as of the newest product event (`changedAt`). */
export interface ProductRecord {
  _id: string;
  name?: string;
  price?: Money;
  category?: string;
  active: boolean;
  /** occurredAt of the event this copy is from: an older event never overwrites it. */
  changedAt: Date;
}

const productSchema = new Schema<ProductRecord>(
  {
    _id: { type: String, required: true },
    name: { type: String },
    price: {
      _id: false,
      type: { amount: { type: Number, required: true }, currency: { type: String, required: true } },
      default: undefined,
    },
    category: { type: String },
    active: { type: Boolean, required: true },
    changedAt: { type: Date, required: true },
  },
  { collection: 'products', versionKey: false, autoIndex: false, autoCreate: false },
);

export type ProductModel = Model<ProductRecord>;

export function productModel(connection: Connection): ProductModel {
  return modelOn(connection, 'Product', productSchema);
}
