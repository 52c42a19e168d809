import type { AggregateStore } from '@shopwire/service-kit';
import type { AddressBookModel } from '../models/address-book.model';
import type { CatalogProductModel } from '../models/catalog-product.model';
import type { OrderDeadlines } from '../models/order-deadline.model';
import type { OrderModel } from '../models/order.model';
import type { PaymentProvider } from '../payments/payment-provider';

/** What the order use cases work with; app.ts builds it once. */
export interface OrderDeps {
  orders: OrderModel;
  products: CatalogProductModel;
  /** Users' saved addresses, copied from user events. */
  addressBooks: AddressBookModel;
  payments: PaymentProvider;
  /** Every read and write of one order, product or address book goes through it, by `_id` (SPEC section 9). */
  store: AggregateStore;
  /** The saga's due-list: every order is entered before it is placed. */
  deadlines: OrderDeadlines;
  /** How long an order may stay pending before it is rejected with reason `timeout` (ORDER_PENDING_DEADLINE_MS). */
  pendingDeadlineMs: number;
}

/** Who asks: customers see their own orders, admins all of them. */
export interface Actor {
  id: string;
  isAdmin: boolean;
}

export function ownerFilter(actor: Actor): string | undefined {
  return actor.isAdmin ? undefined : actor.id;
}
