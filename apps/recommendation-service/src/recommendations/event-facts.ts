import { isFromVersion, type EventEnvelope, type EventFromVersion } from '@shopwire/contracts';
import type { Basket } from '../model';
import type { ProductChange, ReplicaState } from './replica-state';

/** The basket of an order.confirmed of version 2 or later (version 1 does not say what was bought). */
export function purchaseOf(event: EventFromVersion<'order.confirmed', 2>): Basket {
  const { orderId, userId, items } = event.data;
  return {
    orderId,
    userId,
    productIds: [...new Set(items.map((item) => item.productId))],
    at: Date.parse(event.occurredAt),
  };
}

/** product.created / product.updated (any version; the category from version 2) and product.archived. */
export function productChangeOf(
  event: EventEnvelope<'product.created' | 'product.updated' | 'product.archived'>,
): ProductChange {
  const changedAt = Date.parse(event.occurredAt);
  if (event.type === 'product.archived') return { productId: event.data.productId, changedAt, active: false };
  const data = (event as EventEnvelope<'product.created' | 'product.updated'>).data;
  const category = 'category' in data ? data.category : undefined;
  return {
    productId: data.productId,
    changedAt,
    active: data.active,
    info: {
      name: data.name,
      price: { amount: data.price.amount, currency: data.price.currency },
      category,
    },
  };
}

/** What one event changes in a replica's memory (the feed's whole work; the durable consumer stores it first). */
export function applyEvent(state: ReplicaState, event: EventEnvelope): void {
  switch (event.type) {
    case 'order.confirmed': {
      const confirmed = event as EventEnvelope<'order.confirmed'>;
      if (isFromVersion(confirmed, 2)) state.confirm(purchaseOf(confirmed));
      return;
    }
    case 'order.cancelled':
      return state.cancel((event as EventEnvelope<'order.cancelled'>).data.orderId);
    case 'product.created':
    case 'product.updated':
    case 'product.archived':
      state.changeProduct(
        productChangeOf(event as EventEnvelope<'product.created' | 'product.updated' | 'product.archived'>),
      );
      return;
    case 'user.deleted':
      state.forgetUser((event as EventEnvelope<'user.deleted'>).data.userId);
      return;
    default:
      return;
  }
}
