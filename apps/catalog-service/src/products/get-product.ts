import type { Types } from 'mongoose';
import type { CatalogDeps } from '../deps';
import type { ProductRecord } from '../models/product.model';
import { productNotFound } from './product-id';

/** An active product; an archived one is gone for clients, exactly like one that never existed. */
export async function getProduct(catalog: CatalogDeps, id: Types.ObjectId): Promise<ProductRecord> {
  const product = await catalog.store.get(catalog.Product, id);
  if (!product?.active) throw productNotFound(id.toHexString());
  return product;
}
