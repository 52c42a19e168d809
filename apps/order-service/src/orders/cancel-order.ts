import type { Order } from '../models/order.model';
import type { OrderDeps } from '../deps';
import type { Actor } from './actor';
import type { EventCause } from '@shopwire/contracts';
import { orderEnded } from './order-events';
import { moveOrder } from './move-order';

/**
 * The owner or an admin cancels a pending or confirmed order. order.cancelled makes catalog release the stock
 * and, for a paid order, this service refund it (see refund-payment-on-order-cancelled).
 */
export function cancelOrder(deps: OrderDeps, actor: Actor, orderId: string, cause: EventCause): Promise<Order> {
  const reason = actor.isAdmin ? 'cancelled_by_admin' : 'cancelled_by_customer';
  return moveOrder(deps, actor, orderId, 'cancelled', 'ORDER_NOT_CANCELLABLE', (order) => ({
    reason,
    event: orderEnded('order.cancelled', order, reason, cause),
  }));
}
