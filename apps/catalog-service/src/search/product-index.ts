import MiniSearch from 'minisearch';
import type { ProductRecord } from '../models/product.model';
import type { CursorPosition, ProductSort } from '../products/product-cursor';
import { toProductView, type ProductView } from '../products/product-view';
import {
  fuzzinessOf,
  parseQuery,
  relevanceOfText,
  relevanceOfWords,
  SEARCH_FIELDS,
  searchableText,
  wordsOf,
  type ParsedQuery,
  type SearchableText,
  type SearchField,
} from './text-match';
import { SortedList } from './sorted-list';

/** One active product as the index holds it: what clients see, and what filters, sorts and searches read. */
export interface IndexedProduct {
  id: string;
  version: number;
  nameKey: string;
  price: number;
  createdAt: number;
  category: string;
  available: number;
  view: ProductView;
  /** The view as JSON, made once: a page is these joined, not serialised again on every request. */
  json: string;
  text: SearchableText;
}

/** The fields of a product document the index needs (the store read projects to these). */
export type IndexableProduct = Pick<
  ProductRecord,
  | '_id'
  | 'sku'
  | 'name'
  | 'nameKey'
  | 'description'
  | 'category'
  | 'price'
  | 'images'
  | 'active'
  | 'version'
  | 'stock'
  | 'createdAt'
  | 'updatedAt'
>;

export interface ProductFilters {
  category?: string;
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
}

export interface IndexQuery extends ProductFilters {
  q?: string;
  sort: ProductSort;
  limit: number;
  after?: CursorPosition;
  facets?: boolean;
}

/** Price bands of the facets, in minor units: [min, max), the last one open. */
export const PRICE_BANDS: ReadonlyArray<{ min: number; max: number | null }> = [
  { min: 0, max: 1000 },
  { min: 1000, max: 2500 },
  { min: 2500, max: 5000 },
  { min: 5000, max: 10000 },
  { min: 10000, max: null },
];

export interface Facets {
  categories: Array<{ slug: string; name: string; count: number }>;
  priceBands: Array<{ min: number; max: number | null; count: number }>;
}

export interface IndexPage {
  /** Up to limit + 1 products, with the key each was ordered by (the extra one says there is a next page). */
  hits: Array<{ product: IndexedProduct; key: string | number }>;
  total?: number;
  facets?: Facets;
}

export interface Suggestion {
  id: string;
  name: string;
}

export const MAX_SUGGESTIONS = 8;
const SUGGEST_CACHE_SIZE = 2000;
const MATCH_CACHE_SIZE = 500;

/** A product a query matched and its relevance. */
interface Ranked {
  id: string;
  score: number;
}

type Order = 'name' | 'price' | 'created';
const byId = (a: IndexedProduct, b: IndexedProduct): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const compareKeys = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);
const ORDER_KEYS: Record<Order, (p: IndexedProduct) => string | number> = {
  name: (p) => p.nameKey,
  price: (p) => p.price,
  created: (p) => p.createdAt,
};
const compareIn = (order: Order) => (a: IndexedProduct, b: IndexedProduct) =>
  compareKeys(ORDER_KEYS[order](a), ORDER_KEYS[order](b)) || byId(a, b);
/** Each sort walks one of three orders, forwards or backwards ((key, id) both ascending or both descending). */
const SORT_WALKS: Record<Exclude<ProductSort, 'relevance'>, { order: Order; reverse: boolean }> = {
  name: { order: 'name', reverse: false },
  '-name': { order: 'name', reverse: true },
  price: { order: 'price', reverse: false },
  '-price': { order: 'price', reverse: true },
  '-createdAt': { order: 'created', reverse: true },
};

interface SearchDocument extends Record<SearchField, string> {
  id: string;
}

const newTextIndex = (): MiniSearch<SearchDocument> =>
  new MiniSearch<SearchDocument>({
    fields: SEARCH_FIELDS,
    tokenize: wordsOf,
    processTerm: (term) => term,
    searchOptions: { combineWith: 'AND', tokenize: wordsOf, processTerm: (term) => term },
  });

/** Every query word may be one typo off (five letters or more), the last may be the start of a word. */
const WORD_SEARCH = {
  prefix: (_term: string, index: number, terms: string[]) => index === terms.length - 1,
  fuzzy: (term: string) => fuzzinessOf(term),
};

const matchesFilters = (p: IndexedProduct, f: ProductFilters): boolean =>
  (f.category === undefined || p.category === f.category) &&
  (f.minPrice === undefined || p.price >= f.minPrice) &&
  (f.maxPrice === undefined || p.price <= f.maxPrice) &&
  (f.inStock === undefined || p.available > 0 === f.inStock);

/**
 * The active products of the catalog in memory: a full-text index (MiniSearch) over name, sku, category name and
 * description, and the products kept in the three orders the sorts walk. Every change names the product's version;
 * an older version than the one held (or than the one it was archived at) changes nothing, so writes and events
 * may arrive in any order and more than once.
 */
export class ProductIndex {
  private readonly products = new Map<string, IndexedProduct>();
  /** Archived products and the version they were archived at: a late, older copy must not bring one back. */
  private readonly archived = new Map<string, number>();
  private readonly orders: Record<Order, SortedList<IndexedProduct>> = {
    name: new SortedList(compareIn('name')),
    price: new SortedList(compareIn('price')),
    created: new SortedList(compareIn('created')),
  };
  private readonly text = newTextIndex();
  private readonly suggestions = new Map<string, Suggestion[]>();
  /**
   * What each recent query matched, best first: the matches depend only on the products' text, so a change of stock
   * or price keeps them, and any change of text (or a product added or archived) clears them.
   */
  private readonly matches = new Map<string, Ranked[]>();

  constructor(private readonly categoryName: (slug: string) => string) {}

  get size(): number {
    return this.products.size;
  }

  /** The version held for a product (active or archived), or undefined when the index never saw it. */
  versionOf(id: string): number | undefined {
    return this.products.get(id)?.version ?? this.archived.get(id);
  }

  /** Takes in a product as the store has it; an archived one leaves the index. Returns whether anything changed. */
  apply(record: IndexableProduct): boolean {
    const id = record._id.toHexString();
    const held = this.versionOf(id);
    if (held !== undefined && held >= record.version) return false;
    if (!record.active) {
      this.archived.set(id, record.version);
      this.drop(id);
      return true;
    }
    this.put(this.entryOf(record));
    return true;
  }

  /**
   * Loads many products at once (the start-up read), taken one by one as the store streams them: added to the text
   * index as they come, sorted once at the end instead of inserted one by one.
   */
  static builder(categoryName: (slug: string) => string): {
    add(record: IndexableProduct): void;
    finish(): ProductIndex;
  } {
    const index = new ProductIndex(categoryName);
    return {
      add(record) {
        const id = record._id.toHexString();
        const held = index.versionOf(id);
        if (held !== undefined && held >= record.version) return;
        if (!record.active) {
          index.archived.set(id, record.version);
          if (index.products.delete(id)) index.text.discard(id);
          return;
        }
        const entry = index.entryOf(record);
        if (index.products.has(id)) index.text.discard(id);
        index.products.set(id, entry);
        index.text.add(documentOf(entry));
      },
      finish() {
        const all = [...index.products.values()];
        for (const order of Object.keys(index.orders) as Order[])
          index.orders[order] = SortedList.from(all, compareIn(order));
        return index;
      },
    };
  }

  static build(records: Iterable<IndexableProduct>, categoryName: (slug: string) => string): ProductIndex {
    const builder = ProductIndex.builder(categoryName);
    for (const record of records) builder.add(record);
    return builder.finish();
  }

  /** Carries over what another index learnt meanwhile, where it is newer (a rebuild catching up with live changes). */
  absorb(records: Iterable<IndexableProduct>): void {
    for (const record of records) this.apply(record);
  }

  list(query: IndexQuery): IndexPage {
    const parsed = query.q?.trim() ? parseQuery(query.q) : undefined;
    if (!parsed) return this.browse(query);
    const relevance = query.sort === 'relevance';
    // Everything matched, for the facets and for the other sorts; in relevance order only the page.
    const matched: IndexedProduct[] = [];
    const hits: IndexPage['hits'] = [];
    const after = relevance ? query.after : undefined;
    for (const { id, score } of this.ranked(parsed)) {
      const product = this.products.get(id);
      if (!product || !matchesFilters(product, query)) continue;
      if (query.facets || !relevance) matched.push(product);
      // Best first, then by id: after the cursor means a lower score, or the same score and a greater id.
      const beyond = !after || score < (after.key as number) || (score === after.key && id > after.id);
      if (relevance && beyond && hits.length <= query.limit) hits.push({ product, key: score });
      if (relevance && !query.facets && hits.length > query.limit) break;
    }
    const page: IndexPage = { hits: relevance ? hits : this.inOrder(matched, query) };
    if (query.facets) Object.assign(page, { total: matched.length, facets: this.facetsOf(matched) });
    return page;
  }

  /** Up to eight product names completing the text, best first, each name once. */
  suggest(q: string): Suggestion[] {
    const key = wordsOf(q).join(' ');
    if (!key) return [];
    const cached = this.suggestions.get(key);
    if (cached) return cached;
    const names = new Set<string>();
    const found: Suggestion[] = [];
    for (const result of this.text.search(key, { ...WORD_SEARCH, fields: ['name'] })) {
      const product = this.products.get(result.id as string);
      if (!product || names.has(product.nameKey)) continue;
      names.add(product.nameKey);
      found.push({ id: product.id, name: product.view.name });
      if (found.length === MAX_SUGGESTIONS) break;
    }
    if (this.suggestions.size >= SUGGEST_CACHE_SIZE) this.suggestions.clear();
    this.suggestions.set(key, found);
    return found;
  }

  private entryOf(record: IndexableProduct): IndexedProduct {
    const id = record._id.toHexString();
    const category = this.categoryName(record.category);
    const view = toProductView(record as ProductRecord);
    return {
      id,
      version: record.version,
      nameKey: record.nameKey,
      price: record.price.amount,
      createdAt: new Date(record.createdAt).getTime(),
      category: record.category,
      available: record.stock.available,
      view,
      json: JSON.stringify(view),
      text: searchableText({ name: record.name, sku: record.sku, category, description: record.description }),
    };
  }

  private put(entry: IndexedProduct): void {
    const old = this.products.get(entry.id);
    this.products.set(entry.id, entry);
    for (const order of Object.keys(this.orders) as Order[]) {
      const list = this.orders[order];
      const moved = !old || ORDER_KEYS[order](old) !== ORDER_KEYS[order](entry);
      if (old && moved) list.remove(old);
      if (moved) list.insert(entry);
      else list.replace(entry);
    }
    const textChanged =
      !old ||
      old.view.name !== entry.view.name ||
      old.view.sku !== entry.view.sku ||
      old.view.description !== entry.view.description ||
      old.category !== entry.category;
    if (textChanged) {
      if (old) this.text.discard(entry.id);
      this.text.add(documentOf(entry));
      this.matches.clear();
    }
    if (!old || old.view.name !== entry.view.name) this.suggestions.clear();
  }

  private drop(id: string): void {
    const old = this.products.get(id);
    if (!old) return;
    this.products.delete(id);
    for (const list of Object.values(this.orders)) list.remove(old);
    this.text.discard(id);
    this.suggestions.clear();
    this.matches.clear();
  }

  /** Without a query: walk the sort's order from the cursor on, keeping what passes the filters. */
  private browse(query: IndexQuery): IndexPage {
    const { order, reverse } = SORT_WALKS[query.sort === 'relevance' ? '-createdAt' : query.sort];
    const list = this.orders[order];
    const keyOf = ORDER_KEYS[order];
    const after = query.after;
    const position = after
      ? (p: IndexedProduct) => compareKeys(keyOf(p), after.key) || (p.id < after.id ? -1 : p.id > after.id ? 1 : 0)
      : undefined;
    const hits: IndexPage['hits'] = [];
    if (!reverse) {
      // The first product strictly after the position.
      let i = position ? list.lowerBound((p) => (position(p) <= 0 ? -1 : 1)) : 0;
      for (; i < list.length && hits.length <= query.limit; i++) {
        const p = list.at(i) as IndexedProduct;
        if (matchesFilters(p, query)) hits.push({ product: p, key: keyOf(p) });
      }
    } else {
      // The last product strictly before the position, walking down.
      let i = (position ? list.lowerBound((p) => (position(p) < 0 ? -1 : 1)) : list.length) - 1;
      for (; i >= 0 && hits.length <= query.limit; i--) {
        const p = list.at(i) as IndexedProduct;
        if (matchesFilters(p, query)) hits.push({ product: p, key: keyOf(p) });
      }
    }
    const page: IndexPage = { hits };
    if (query.facets) {
      const all = [...this.products.values()].filter((p) => matchesFilters(p, query));
      Object.assign(page, { total: all.length, facets: this.facetsOf(all) });
    }
    return page;
  }

  /** Every product the query matches, best first (then by id), from the cache when the text has not changed since. */
  private ranked(query: ParsedQuery): Ranked[] {
    const key = query.mode === 'literal' ? `literal:${query.text}` : `words:${query.words.join(' ')}`;
    const cached = this.matches.get(key);
    if (cached) return cached;
    const ranked: Ranked[] = [];
    if (query.mode === 'literal') {
      for (const p of this.products.values()) {
        const score = relevanceOfText(query.text, p.text);
        if (score > 0) ranked.push({ id: p.id, score });
      }
    } else {
      for (const result of this.text.search(query.words.join(' '), WORD_SEARCH)) {
        const product = this.products.get(result.id as string);
        if (product)
          ranked.push({ id: product.id, score: relevanceOfWords(query.words, result.match, product.text.nameWords) });
      }
    }
    ranked.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (this.matches.size >= MATCH_CACHE_SIZE) this.matches.clear();
    this.matches.set(key, ranked);
    return ranked;
  }

  private inOrder(found: IndexedProduct[], query: IndexQuery): IndexPage['hits'] {
    const { order, reverse } = SORT_WALKS[query.sort as Exclude<ProductSort, 'relevance'>];
    const compare = compareIn(order);
    const keyOf = ORDER_KEYS[order];
    const after = query.after;
    const beyond = (p: IndexedProduct): boolean => {
      if (!after) return true;
      const c = compareKeys(keyOf(p), after.key) || (p.id < after.id ? -1 : p.id > after.id ? 1 : 0);
      return reverse ? c < 0 : c > 0;
    };
    return found
      .filter(beyond)
      .sort((a, b) => (reverse ? compare(b, a) : compare(a, b)))
      .slice(0, query.limit + 1)
      .map((product) => ({ product, key: keyOf(product) }));
  }

  private facetsOf(products: IndexedProduct[]): Facets {
    const categories = new Map<string, number>();
    const bands = PRICE_BANDS.map(() => 0);
    for (const p of products) {
      categories.set(p.category, (categories.get(p.category) ?? 0) + 1);
      const band = PRICE_BANDS.findIndex((b) => p.price >= b.min && (b.max === null || p.price < b.max));
      bands[band] = (bands[band] ?? 0) + 1;
    }
    return {
      categories: [...categories]
        .map(([slug, count]) => ({ slug, name: this.categoryName(slug), count }))
        .sort((a, b) => b.count - a.count || (a.slug < b.slug ? -1 : 1)),
      priceBands: PRICE_BANDS.map((band, i) => ({ ...band, count: bands[i] ?? 0 })),
    };
  }
}

function documentOf(p: IndexedProduct): SearchDocument {
  return {
    id: p.id,
    name: p.view.name,
    sku: p.view.sku,
    category: p.text.texts.category,
    description: p.view.description,
  };
}
