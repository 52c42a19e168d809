import { AppError } from '@shopwire/service-kit';
import type { EventCause } from '@shopwire/contracts';
import { createCategory } from '../categories/create-category';
import type { CatalogDeps } from '../deps';
import { createProduct } from '../products/create-product';
import { DEMO_CATEGORIES, DEMO_PRODUCTS } from './demo-catalog.data';

const SEED_CAUSE: EventCause = { correlationId: 'seed-demo-catalog', causationId: null };

/** What an existing category or sku answers: already seeded (or made by an admin), so left alone. */
async function unlessTaken(create: () => Promise<unknown>): Promise<boolean> {
  try {
    await create();
    return true;
  } catch (error) {
    if (error instanceof AppError && error.status === 409) return false;
    throw error;
  }
}

/**
 * Loads the demo catalog through the same use cases as the admin API (so product.created is emitted for each);
 * what exists already is kept as it is, so running it on every start adds the demo products only once.
 */
export async function seedDemoCatalog(catalog: CatalogDeps): Promise<{ categories: number; products: number }> {
  let categories = 0;
  let products = 0;
  for (const category of DEMO_CATEGORIES) if (await unlessTaken(() => createCategory(catalog, category))) categories++;
  for (const product of DEMO_PRODUCTS)
    if (await unlessTaken(() => createProduct(catalog, product, SEED_CAUSE))) products++;
  return { categories, products };
}
