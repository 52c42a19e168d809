import { Types } from 'mongoose';
import { conflict, isDuplicateKey } from '@shopwire/service-kit';
import type { EventCause } from '@shopwire/contracts';
import { requireCategory } from '../categories/require-category';
import type { CatalogDeps } from '../deps';
import type { Money, ProductRecord } from '../models/product.model';
import { productSnapshotEvent } from './product-events';

export interface NewProduct {
  sku: string;
  name: string;
  description?: string;
  category: string;
  price: Money;
  images?: string[];
  stock?: { available: number };
}

/** Adds a product to an existing category and records product.created with it; a taken sku is a conflict. */
export async function createProduct(
  catalog: CatalogDeps,
  input: NewProduct,
  cause: EventCause,
): Promise<ProductRecord> {
  await catalog.ensureIndexes();
  await requireCategory(catalog, input.category);
  const product = {
    _id: new Types.ObjectId(),
    sku: input.sku,
    name: input.name,
    nameKey: input.name.toLowerCase(),
    description: input.description ?? '',
    category: input.category,
    price: input.price,
    images: input.images ?? [],
    active: true,
    version: 1,
    stock: { available: input.stock?.available ?? 0, reserved: 0, sold: 0 },
    holds: {},
  };
  try {
    return await catalog.store.insert(catalog.Product, {
      ...product,
      outbox: [productSnapshotEvent('product.created', product, cause)],
    });
  } catch (error) {
    if (isDuplicateKey(error)) throw conflict('SKU_TAKEN', `A product with sku ${input.sku} exists already.`);
    throw error;
  }
}
