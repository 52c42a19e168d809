import type { FastifyBaseLogger } from 'fastify';
import { Types } from 'mongoose';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { unavailable, type AggregateStore } from '@shopwire/service-kit';
import { MAX_LISTED_CATEGORIES } from '../categories/list-categories';
import type { CategoryModel, CategoryRecord } from '../models/category.model';
import type { ProductModel, ProductRecord } from '../models/product.model';
import type { ReservationModel } from '../models/reservation.model';
import { isProductId } from '../products/product-id';
import { ProductIndex, type IndexableProduct } from './product-index';
import type { FeedChange } from './search-feed';

export interface SearchIndex {
  /** The index, once built from the store; a 503 SEARCH_INDEX_NOT_READY before (never a wrong empty list). */
  current(): ProductIndex;
  isReady(): boolean;
  /** Reads the store again and swaps the index in when done (start-up, and each time the feed (re)subscribes). */
  rebuild(): Promise<void>;
}

/** The index as its plugin drives it: the feed's changes, builds retried until one succeeds, and the end. */
export interface LiveSearchIndex extends SearchIndex {
  /** The store every write of the service goes through: each product write is taken into the index. */
  store: AggregateStore;
  apply(change: FeedChange): Promise<void>;
  /** Builds, retrying with backoff until a build succeeds or the index closes. */
  build(): void;
  /** Whether a build ran or is running (a re-subscribed feed then builds again). */
  hasStarted(): boolean;
  close(): void;
}

export interface SearchSource {
  store: AggregateStore;
  Product: ProductModel;
  Category: CategoryModel;
  Reservation: ReservationModel;
}

/** What the index keeps of a product document: no holds, no outbox. */
export const INDEXED_FIELDS = {
  sku: 1,
  name: 1,
  nameKey: 1,
  description: 1,
  category: 1,
  price: 1,
  images: 1,
  active: 1,
  version: 1,
  stock: 1,
  createdAt: 1,
  updatedAt: 1,
} as const;
const MAX_BACKOFF_MS = 5000;

const notReady = () =>
  unavailable('SEARCH_INDEX_NOT_READY', 'This catalog replica is still loading its product index; try again shortly.');

/**
 * The catalog's in-memory search index (docs/catalog.md, "Search"): built from the store, kept current by every
 * product write this replica makes (through `store`) and by the changes the feed applies. Browse, search, facets
 * and suggestions are answered from it without a store command.
 */
export function createSearchIndex(
  source: SearchSource,
  opts: { log: FastifyBaseLogger; registry: Registry },
): LiveSearchIndex {
  const { Product, Category, Reservation } = source;
  const base = source.store;
  const categoryNames = new Map<string, string>();
  const nameOf = (slug: string): string => categoryNames.get(slug) ?? slug;
  let index: ProductIndex | undefined;
  /** While a rebuild reads the store, what changed meanwhile, to lay over what it read. */
  let changedDuringRebuild: IndexableProduct[] | undefined;
  let closing = false;
  let retryTimer: NodeJS.Timeout | undefined;

  const registers = [opts.registry];
  new Gauge({
    name: 'shopwire_catalog_search_index_products',
    help: 'Active products in this replica’s search index',
    registers,
    collect() {
      this.set(index?.size ?? 0);
    },
  });
  const lag = new Histogram({
    name: 'shopwire_catalog_search_index_lag_seconds',
    help: 'From a product or stock event’s occurredAt to its change being in this replica’s search index',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const rebuilds = new Counter({
    name: 'shopwire_catalog_search_index_rebuilds_total',
    help: 'Search index builds from the store',
    labelNames: ['outcome'],
    registers,
  });

  const knowCategory = async (slug: string): Promise<void> => {
    if (categoryNames.has(slug)) return;
    const category = await base.get(Category, slug, { name: 1 });
    if (category) categoryNames.set(slug, category.name);
  };

  const take = async (record: IndexableProduct): Promise<void> => {
    if (record.active) await knowCategory(record.category);
    index?.apply(record);
    changedDuringRebuild?.push(record);
  };

  const readProduct = (id: string): Promise<IndexableProduct | null> =>
    base.get(Product, new Types.ObjectId(id), INDEXED_FIELDS);

  const apply = async (change: FeedChange): Promise<void> => {
    const ids = new Set(change.productIds.filter(isProductId));
    if (change.orderId) {
      const reservation = await base.get(Reservation, change.orderId, { lines: 1 });
      for (const line of reservation?.lines ?? []) if (isProductId(line.productId)) ids.add(line.productId);
    }
    for (const id of ids) {
      const product = await readProduct(id);
      if (product) await take(product);
    }
    if (change.occurredAt !== undefined) lag.observe(Math.max(0, (Date.now() - change.occurredAt) / 1000));
  };

  // Every product write of this replica goes through this store: the index takes the document the write returns.
  const isProduct = (model: unknown): boolean => model === Product;
  const store: AggregateStore = {
    ...base,
    async insert(model, doc) {
      const created = await base.insert(model, doc);
      if (isProduct(model)) await take(created as unknown as ProductRecord);
      return created;
    },
    async update(model, id, when, update, options) {
      const after = await base.update(model, id, when, update, options);
      if (after && isProduct(model)) await take(after as unknown as ProductRecord);
      return after;
    },
  };

  let building: Promise<void> | undefined;
  let again = false;
  const buildOnce = async (): Promise<void> => {
    changedDuringRebuild = [];
    try {
      const categories = await Category.find({}, { name: 1 }).limit(MAX_LISTED_CATEGORIES).lean<CategoryRecord[]>();
      for (const category of categories) categoryNames.set(category._id, category.name);
      // Streamed in batches: the catalog is never all in memory twice (as documents and as the index).
      const builder = ProductIndex.builder(nameOf);
      for await (const product of Product.find({ active: true }, INDEXED_FIELDS)
        .lean<IndexableProduct[]>()
        .cursor({ batchSize: 500 })) {
        await knowCategory(product.category);
        builder.add(product as IndexableProduct);
      }
      const built = builder.finish();
      built.absorb(changedDuringRebuild);
      index = built;
      rebuilds.inc({ outcome: 'built' });
      opts.log.info({ products: built.size }, 'search index built');
    } finally {
      changedDuringRebuild = undefined;
    }
  };
  const rebuild = (): Promise<void> => {
    if (building) {
      again = true;
      return building;
    }
    building = (async () => {
      do {
        again = false;
        await buildOnce();
      } while (again && !closing);
    })().finally(() => {
      building = undefined;
    });
    return building;
  };
  const buildWithRetries = (attempt: number): void => {
    rebuild().catch((err: Error) => {
      rebuilds.inc({ outcome: 'failed' });
      if (closing) return;
      opts.log.warn({ err: { message: err.message } }, 'search index not built yet, retrying');
      retryTimer = setTimeout(() => buildWithRetries(attempt + 1), Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempt));
    });
  };

  return {
    store,
    current: () => {
      if (!index) throw notReady();
      return index;
    },
    isReady: () => index !== undefined,
    rebuild,
    apply,
    build: () => {
      if (!closing) buildWithRetries(0);
    },
    hasStarted: () => index !== undefined || building !== undefined,
    close: () => {
      closing = true;
      clearTimeout(retryTimer);
    },
  };
}
