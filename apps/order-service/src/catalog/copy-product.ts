import type { EventDataOf } from '@shopwire/contracts';
import { isDuplicateKey, type AggregateStore } from '@shopwire/service-kit';
import type { CatalogProduct, CatalogProductModel } from '../models/catalog-product.model';

export interface CatalogCopy {
  store: AggregateStore;
  products: CatalogProductModel;
}

/**
 * Applies a product change to the local copy unless a newer one is already there (events may arrive out of
 * order): a conditional update of an existing copy, else an insert of a new one. An insert that collides met a
 * copy written meanwhile, which the conditional update then settles.
 */
async function applyIfNewer(
  { store, products }: CatalogCopy,
  productId: string,
  changedAt: Date,
  fields: Partial<CatalogProduct>,
): Promise<boolean> {
  const newer = { changedAt: { $lte: changedAt } };
  const update = { $set: { ...fields, changedAt } };
  if (await store.update(products, productId, newer, update)) return true;
  try {
    await store.insert(products, { _id: productId, ...fields, changedAt });
    return true;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  return (await store.update(products, productId, newer, update)) !== null;
}

/** product.created / product.updated (written for version 1, so any version): the price, name and whether it can be ordered. */
export function copyProduct(
  copy: CatalogCopy,
  data: EventDataOf<'product.created' | 'product.updated', 1>,
  occurredAt: string,
): Promise<boolean> {
  const { productId, sku, name, price, active } = data;
  return applyIfNewer(copy, productId, new Date(occurredAt), {
    sku,
    name,
    price: { amount: price.amount, currency: price.currency },
    active,
  });
}

/** product.archived: existing orders keep their lines; new orders cannot use the product. */
export function archiveProduct(copy: CatalogCopy, productId: string, occurredAt: string): Promise<boolean> {
  return applyIfNewer(copy, productId, new Date(occurredAt), { active: false });
}
