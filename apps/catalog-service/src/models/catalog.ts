import { createDueList, untilDone, type AggregateStore, type DueList } from '@shopwire/service-kit';
import { categoryModel, type CategoryModel } from './category.model';
import { productModel, type ProductModel } from './product.model';
import { reservationModel, type ReservationModel } from './reservation.model';

/**
 * The catalog's collections, bound to the service's own connection, and the store every write of one document
 * goes through (SPEC section 9): it names the document by `_id` and keeps concurrent changes of it from losing one.
 */
export interface CatalogStore {
  store: AggregateStore;
  Product: ProductModel;
  Category: CategoryModel;
  Reservation: ReservationModel;
  /** Reservations to release by themselves when their order has not confirmed in time (`_id` the order id). */
  expiries: DueList<string>;
  /** How long a reservation waits for its order's confirmation (RESERVATION_EXPIRY_MS). */
  reservationExpiryMs: number;
  /** Resolves once the indexes exist (the sku index is what makes skus unique); retried after a failure. */
  ensureIndexes(): Promise<void>;
}

export const RESERVATION_EXPIRIES = 'reservation_expiries';

export function createCatalogStore(store: AggregateStore, opts: { reservationExpiryMs: number }): CatalogStore {
  const Product = productModel(store.connection);
  const ensureIndexes = untilDone(() => Product.createIndexes());
  return {
    store,
    Product,
    Category: categoryModel(store.connection),
    Reservation: reservationModel(store.connection),
    expiries: createDueList<string>(store.connection, RESERVATION_EXPIRIES),
    reservationExpiryMs: opts.reservationExpiryMs,
    ensureIndexes,
  };
}
