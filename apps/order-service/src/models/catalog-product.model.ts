import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '@shopwire/service-kit';
import type { Money } from '@shopwire/contracts';
import { moneySchema } from './money';

/** order-service's own copy of a catalog product, kept current from product.* events. */
export interface CatalogProduct {
  _id: string;
  sku?: string;
  name?: string;
  price?: Money;
  /** False once archived: no longer orderable. */
  active: boolean;
  /** occurredAt of the newest event applied; older events are stale and ignored. */
  changedAt: Date;
}

const catalogProductSchema = new Schema<CatalogProduct>(
  {
    _id: { type: String, required: true },
    sku: String,
    name: String,
    price: moneySchema,
    active: { type: Boolean, default: false },
    changedAt: { type: Date, required: true },
  },
  { collection: 'catalog_products', versionKey: false },
);

export type CatalogProductModel = Model<CatalogProduct>;

export function catalogProductModel(connection: Connection): CatalogProductModel {
  return modelOn(connection, 'CatalogProduct', catalogProductSchema);
}
