import { conflict, isDuplicateKey } from '@shopwire/service-kit';
import type { CatalogDeps } from '../deps';
import { toCategoryView, type CategoryView } from './category-view';

/** A new category; its slug is its id, so two with one slug cannot exist. */
export async function createCategory(catalog: CatalogDeps, input: CategoryView): Promise<CategoryView> {
  try {
    const created = await catalog.store.insert(catalog.Category, { _id: input.slug, name: input.name });
    return toCategoryView(created);
  } catch (error) {
    if (isDuplicateKey(error)) throw conflict('CATEGORY_TAKEN', `A category with slug ${input.slug} exists already.`);
    throw error;
  }
}
