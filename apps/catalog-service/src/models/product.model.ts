import type { Money as ContractMoney } from '@shopwire/contracts';
import { withOutbox } from '@shopwire/messaging';
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { modelOn } from '@shopwire/service-kit';

export type HoldState = 'reserved' | 'sold';

/** The catalog prices in euros only (its API takes `currency: "EUR"`). */
export type Money = ContractMoney & { currency: 'EUR' };

export interface ProductRecord {
  _id: Types.ObjectId;
  sku: string;
  name: string;
  /** The name lower-cased: what `sort=name` orders by, so "apple" and "Banana" sort as a reader expects. */
  nameKey: string;
  description: string;
  category: string;
  price: Money;
  images: string[];
  active: boolean;
  /** Counts every change of the document; the ETag and If-Match compare it. */
  version: number;
  stock: { available: number; reserved: number; sold: number };
  /** Stock held per order (key from holdKey), so each stock movement of an order happens once per product. */
  holds: Record<string, { quantity: number; state: HoldState }>;
  createdAt: Date;
  updatedAt: Date;
  /** Events waiting for the relay (withOutbox). */
  outbox?: object[];
}

export type ProductModel = Model<ProductRecord>;

const productSchema = new Schema<ProductRecord>(
  {
    sku: { type: String, required: true },
    name: { type: String, required: true },
    nameKey: { type: String, required: true },
    description: { type: String, default: '' },
    category: { type: String, required: true },
    price: {
      amount: { type: Number, required: true },
      currency: { type: String, required: true },
    },
    images: { type: [String], default: [] },
    active: { type: Boolean, default: true },
    version: { type: Number, default: 1 },
    stock: {
      available: { type: Number, default: 0 },
      reserved: { type: Number, default: 0 },
      sold: { type: Number, default: 0 },
    },
    holds: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'products', timestamps: true, versionKey: false, minimize: false, autoIndex: false, autoCreate: false },
);

productSchema.index({ sku: 1 }, { unique: true });
productSchema.index({ active: 1, createdAt: -1, _id: -1 });
productSchema.index({ active: 1, nameKey: 1, _id: 1 });
productSchema.index({ active: 1, 'price.amount': 1, _id: 1 });
productSchema.index({ active: 1, category: 1 });

// Events caused by a change are written in the same update as the change.
productSchema.plugin(withOutbox);

export { productSchema };

export function productModel(connection: Connection): ProductModel {
  return modelOn(connection, 'Product', productSchema);
}
