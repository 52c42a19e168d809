import type { CatalogStore } from '../models/catalog';
import type { ProductRecord } from '../models/product.model';
import { afterPosition, decodeCursor, encodeCursor, SORTS, type ProductSort } from './product-cursor';
import { toProductView, type ProductView } from './product-view';

export interface ProductListQuery {
  q?: string;
  category?: string;
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  sort: ProductSort;
  limit: number;
  cursor?: string;
}

export interface ProductPage {
  items: ProductView[];
  nextCursor: string | null;
}

/** Text is matched literally: every regex metacharacter is escaped, so `.*` finds a product named ".*". */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function filtersOf(query: ProductListQuery): Record<string, unknown>[] {
  const filters: Record<string, unknown>[] = [{ active: true }];
  const text = query.q?.trim();
  if (text) {
    const pattern = { $regex: escapeRegex(text), $options: 'i' };
    filters.push({ $or: [{ name: pattern }, { description: pattern }] });
  }
  if (query.category !== undefined) filters.push({ category: query.category });
  if (query.minPrice !== undefined) filters.push({ 'price.amount': { $gte: query.minPrice } });
  if (query.maxPrice !== undefined) filters.push({ 'price.amount': { $lte: query.maxPrice } });
  if (query.inStock !== undefined) filters.push({ 'stock.available': query.inStock ? { $gt: 0 } : { $lte: 0 } });
  return filters;
}

/** One page of active products, filtered and sorted, continuing after the cursor when one is given. */
export async function listProducts(catalog: CatalogStore, query: ProductListQuery): Promise<ProductPage> {
  const filters = filtersOf(query);
  if (query.cursor !== undefined) {
    const position = decodeCursor(query.sort, query.cursor);
    filters.push(afterPosition(query.sort, position));
  }
  const { field, direction } = SORTS[query.sort];
  const found = await catalog.Product.find({ $and: filters })
    .sort({ [field]: direction, _id: direction })
    .limit(query.limit + 1)
    .lean<ProductRecord[]>();
  const page = found.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toProductView),
    nextCursor: found.length > query.limit && last ? encodeCursor(query.sort, last) : null,
  };
}
