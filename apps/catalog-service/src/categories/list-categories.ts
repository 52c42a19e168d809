import type { CatalogDeps } from '../deps';
import type { CategoryRecord } from '../models/category.model';
import { toCategoryView, type CategoryView } from './category-view';

/** The one page holds at most this many: a shop has tens of categories, and no answer is unbounded. */
export const MAX_LISTED_CATEGORIES = 1000;

/** Every category, by name: a shop has tens of them, not thousands, so there is one page. */
export async function listCategories(catalog: CatalogDeps): Promise<CategoryView[]> {
  const categories = await catalog.Category.find()
    .sort({ name: 1, _id: 1 })
    .limit(MAX_LISTED_CATEGORIES)
    .lean<CategoryRecord[]>();
  return categories.map(toCategoryView);
}
