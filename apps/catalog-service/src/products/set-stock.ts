import type { Types } from 'mongoose';
import type { CatalogDeps } from '../deps';
import type { ProductRecord } from '../models/product.model';
import { productNotFound } from './product-id';

/** Sets the sellable quantity; what is reserved for orders and what is sold stay as they are. */
export async function setStock(catalog: CatalogDeps, id: Types.ObjectId, available: number): Promise<ProductRecord> {
  const updated = await catalog.store.update(
    catalog.Product,
    id,
    { active: true },
    { $set: { 'stock.available': available }, $inc: { version: 1 } },
  );
  if (!updated) throw productNotFound(id.toHexString());
  return updated;
}
