import { createDueList, untilDone, type AggregateStore, type DueList, type ServiceApp } from '@shopwire/service-kit';
import type { CatalogServiceConfig } from './config';
import { categoryModel, type CategoryModel } from './models/category.model';
import { productModel, type ProductModel } from './models/product.model';
import { reservationModel, type ReservationModel } from './models/reservation.model';
import { createSearchIndex, type LiveSearchIndex } from './search/search-index';

/**
 * What the catalog's routes, use cases and consumers work with; app.ts builds it once. Every write of one document
 * goes through `store` (SPEC section 9): it names the document by `_id` and keeps concurrent changes of it from losing one.
 */
export interface CatalogDeps {
  /** The service's store, with every product write also taken into this replica's search index. */
  store: AggregateStore;
  Product: ProductModel;
  Category: CategoryModel;
  Reservation: ReservationModel;
  /** Reservations to release by themselves when their order has not confirmed in time (`_id` the order id). */
  expiries: DueList<string>;
  /** Browse, search and suggestions, answered from memory. */
  search: LiveSearchIndex;
  /** How long a reservation waits for its order's confirmation (RESERVATION_EXPIRY_MS). */
  reservationExpiryMs: number;
  /** Resolves once the indexes exist (the sku index is what makes skus unique); retried after a failure. */
  ensureIndexes(): Promise<void>;
}

const RESERVATION_EXPIRIES = 'reservation_expiries';

export function buildDeps(app: ServiceApp, config: Pick<CatalogServiceConfig, 'RESERVATION_EXPIRY_MS'>): CatalogDeps {
  const connection = app.store.connection;
  const models = {
    Product: productModel(connection),
    Category: categoryModel(connection),
    Reservation: reservationModel(connection),
  };
  const search = createSearchIndex({ store: app.store, ...models }, { log: app.log, registry: app.metrics.registry });
  return {
    store: search.store,
    ...models,
    expiries: createDueList<string>(connection, RESERVATION_EXPIRIES),
    search,
    reservationExpiryMs: config.RESERVATION_EXPIRY_MS,
    ensureIndexes: untilDone(() => models.Product.createIndexes()),
  };
}
