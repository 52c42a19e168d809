import { unprocessable } from '@shopwire/service-kit';
import type { CatalogStore } from '../models/catalog';

/** A product belongs to a category that exists. */
export async function requireCategory(catalog: CatalogStore, slug: string): Promise<void> {
  if (!(await catalog.Category.exists({ _id: slug }))) throw unprocessable('CATEGORY_NOT_FOUND', `No category ${slug}.`);
}
