import type { Types } from 'mongoose';
import type { CatalogStore } from '../models/catalog';
import type { ProductRecord } from '../models/product.model';
import { productNotFound } from './product-id';

/** An active product; an archived one is gone for clients, exactly like one that never existed. */
export async function getProduct(catalog: CatalogStore, id: Types.ObjectId): Promise<ProductRecord> {
  const product = await catalog.store.get(catalog.Product, id);
  if (!product?.active) throw productNotFound(id.toHexString());
  return product;
}
