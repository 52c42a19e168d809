import type { CatalogStore } from '../models/catalog';
import type { CategoryRecord } from '../models/category.model';
import { toCategoryView, type CategoryView } from './category-view';

/** Every category, by name: a shop has tens of them, not thousands, so there is one page. */
export async function listCategories(catalog: CatalogStore): Promise<CategoryView[]> {
  const categories = await catalog.Category.find().sort({ name: 1, _id: 1 }).lean<CategoryRecord[]>();
  return categories.map(toCategoryView);
}
