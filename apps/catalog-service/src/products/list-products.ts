import { badRequest } from '@shopwire/service-kit';
import type { Facets, IndexedProduct, ProductFilters, ProductIndex, Suggestion } from '../search/product-index';
import { productCursor, type ProductSort } from './product-cursor';
import type { ProductView } from './product-view';

export interface ProductListQuery extends ProductFilters {
  q?: string;
  /** Absent: relevance when q is set, newest first otherwise. */
  sort?: ProductSort;
  limit: number;
  cursor?: string;
  facets?: boolean;
}

export interface ProductPage {
  items: ProductView[];
  nextCursor: string | null;
  /** With facets=true: how many products match the query and filters, and how they fall into categories and price bands. */
  total?: number;
  facets?: Facets;
}

const hasText = (q: string | undefined): boolean => (q?.trim() ?? '') !== '';

/** The sort a listing uses: relevance needs text to be relevant to. */
export function sortOf(query: Pick<ProductListQuery, 'q' | 'sort'>): ProductSort {
  if (query.sort === 'relevance' && !hasText(query.q))
    throw badRequest('RELEVANCE_NEEDS_QUERY', 'sort=relevance ranks by the search text: give q, or another sort.');
  return query.sort ?? (hasText(query.q) ? 'relevance' : '-createdAt');
}

/**
 * One page of active products from the search index (filtered, searched, sorted, after the cursor when one is
 * given), as the JSON the route sends: each product's JSON was made when it entered the index, so a page
 * costs a join, not a serialisation of twenty products (ProductPageSchema documents it).
 */
export function listProductsJson(index: ProductIndex, query: ProductListQuery): string {
  const { products, nextCursor, total, facets } = pageOf(index, query);
  const extra = facets ? `,"total":${total ?? 0},"facets":${JSON.stringify(facets)}` : '';
  return `{"items":[${products.map((p) => p.json).join(',')}],"nextCursor":${JSON.stringify(nextCursor)}${extra}}`;
}

function pageOf(
  index: ProductIndex,
  query: ProductListQuery,
): Omit<ProductPage, 'items'> & { products: IndexedProduct[] } {
  const sort = sortOf(query);
  const cursor = productCursor(sort);
  const after = query.cursor === undefined ? undefined : cursor.decode(query.cursor);
  const { hits, total, facets } = index.list({ ...query, sort, after });
  const { items, nextCursor } = cursor.page(hits, query.limit, (hit) => ({ key: hit.key, id: hit.product.id }));
  return {
    products: items.map((hit) => hit.product),
    nextCursor,
    ...(facets ? { total, facets } : {}),
  };
}

/** Up to eight product names that complete what a search box holds. */
export function suggestProducts(index: ProductIndex, q: string): { items: Suggestion[] } {
  return { items: index.suggest(q) };
}
