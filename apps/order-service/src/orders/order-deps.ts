import type { CatalogProductModel } from '../models/catalog-product.model';
import type { OrderModel } from '../models/order.model';
import type { PaymentProvider } from '../payments/payment-provider';

/** What the order use cases work with; app.ts builds it once. */
export interface OrderDeps {
  orders: OrderModel;
  products: CatalogProductModel;
  payments: PaymentProvider;
  /** Asks the outbox relay to publish now rather than at its next poll. */
  flushOutbox(): void;
}

/** Who asks: customers see their own orders, admins all of them. */
export interface Actor {
  id: string;
  isAdmin: boolean;
}

export function ownerFilter(actor: Actor): string | undefined {
  return actor.isAdmin ? undefined : actor.id;
}
