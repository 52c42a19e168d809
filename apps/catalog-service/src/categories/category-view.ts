import type { CategoryRecord } from '../models/category.model';

export interface CategoryView {
  slug: string;
  name: string;
}

export const toCategoryView = (category: Pick<CategoryRecord, '_id' | 'name'>): CategoryView => ({
  slug: category._id,
  name: category.name,
});
