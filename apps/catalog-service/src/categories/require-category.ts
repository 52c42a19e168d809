import { unprocessable } from '@shopwire/service-kit';
import type { CatalogDeps } from '../deps';

/** A product belongs to a category that exists. */
export async function requireCategory(catalog: CatalogDeps, slug: string): Promise<void> {
  if (!(await catalog.store.get(catalog.Category, slug, { _id: 1 })))
    throw unprocessable('CATEGORY_NOT_FOUND', `No category ${slug}.`);
}
