import type { AggregateStore } from '@shopwire/service-kit';
import type { CatalogProductModel } from '../models/catalog-product.model';
import type { OrderModel } from '../models/order.model';
import type { PaymentProvider } from '../payments/payment-provider';

/** What the order use cases work with; app.ts builds it once. */
export interface OrderDeps {
  orders: OrderModel;
  products: CatalogProductModel;
  payments: PaymentProvider;
  /** Every read and write of one order or product goes through it, by `_id` (SPEC section 9). */
  store: AggregateStore;
}

/** Who asks: customers see their own orders, admins all of them. */
export interface Actor {
  id: string;
  isAdmin: boolean;
}

export function ownerFilter(actor: Actor): string | undefined {
  return actor.isAdmin ? undefined : actor.id;
}
