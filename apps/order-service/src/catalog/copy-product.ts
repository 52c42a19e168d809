import type { EventData } from '@shopwire/contracts';
import type { CatalogProduct, CatalogProductModel } from '../models/catalog-product.model';

const DUPLICATE_KEY = 11000;

/**
 * Applies a product change to the local copy unless a newer one is already there (events may arrive out of
 * order). The upsert of a product whose copy is newer collides on _id: that is the stale case.
 */
async function applyIfNewer(products: CatalogProductModel, productId: string, changedAt: Date, fields: Partial<CatalogProduct>): Promise<boolean> {
  try {
    const result = await products.updateOne({ _id: productId, changedAt: { $lte: changedAt } }, { $set: { ...fields, changedAt } }, { upsert: true });
    return result.matchedCount + result.upsertedCount > 0;
  } catch (error) {
    if ((error as { code?: number }).code === DUPLICATE_KEY) return false;
    throw error;
  }
}

/** product.created / product.updated: the price, name and whether it can be ordered. */
export function copyProduct(products: CatalogProductModel, data: EventData<'product.created'>, occurredAt: string): Promise<boolean> {
  const { productId, sku, name, price, active } = data;
  return applyIfNewer(products, productId, new Date(occurredAt), { sku, name, price: { amount: price.amount, currency: price.currency }, active });
}

/** product.archived: existing orders keep their lines; new orders cannot use the product. */
export function archiveProduct(products: CatalogProductModel, productId: string, occurredAt: string): Promise<boolean> {
  return applyIfNewer(products, productId, new Date(occurredAt), { active: false });
}
