import type { Connection } from 'mongoose';
import { categoryModel, type CategoryModel } from './category.model';
import { createKeyedLock } from '@shopwire/service-kit';
import { outboxDrained } from './outbox-drained';
import { productModel, type ProductModel } from './product.model';
import { reservationModel, type ReservationModel } from './reservation.model';

/** The catalog's collections, bound to the service's own connection. */
export interface CatalogStore {
  Product: ProductModel;
  Category: CategoryModel;
  Reservation: ReservationModel;
  /** Resolves once the indexes exist (the sku index is what makes skus unique); retried after a failure. */
  ensureIndexes(): Promise<void>;
  /** Runs a change of one product: one at a time per product, after its earlier events have been published. */
  withProduct<T>(productId: string, work: () => Promise<T>): Promise<T>;
  /** Runs the handling of one order's reservation: one at a time per order, after its earlier events have been published. */
  withReservation<T>(orderId: string, work: () => Promise<T>): Promise<T>;
}

/*
 * Why changes of one document are serialised: FerretDB 1.24 (the embedded store) applies an update as a read and
 * a separate write, so two concurrent updates of one document can lose one, and the outbox relay's own updates
 * (claiming and removing published events) are among them. MongoDB needs none of this, and between replicas the
 * conditional updates still decide. Waiting for the outbox also keeps one order's events in the order they happened.
 */
export function createCatalogStore(connection: Connection): CatalogStore {
  const Product = productModel(connection);
  const Category = categoryModel(connection);
  const Reservation = reservationModel(connection);
  const exclusive = createKeyedLock();
  let indexes: Promise<void> | undefined;
  const ensureIndexes = (): Promise<void> => {
    indexes ??= Product.createIndexes().then(
      () => undefined,
      (error: unknown) => {
        indexes = undefined;
        throw error;
      },
    );
    return indexes;
  };
  return {
    Product,
    Category,
    Reservation,
    ensureIndexes,
    withProduct: (productId, work) =>
      exclusive(`product:${productId}`, async () => {
        await outboxDrained(Product, productId);
        return work();
      }),
    withReservation: (orderId, work) =>
      exclusive(`order:${orderId}`, async () => {
        await outboxDrained(Reservation, orderId);
        return work();
      }),
  };
}
