import type { Order } from '../models/order.model';
import type { OrderDeps } from '../deps';
import type { Actor } from './actor';
import type { EventCause } from '@shopwire/contracts';
import { orderProgressed } from './order-events';
import { moveOrder } from './move-order';

/** An admin hands a confirmed order to the carrier. */
export function shipOrder(deps: OrderDeps, actor: Actor, orderId: string, cause: EventCause): Promise<Order> {
  return moveOrder(deps, actor, orderId, 'shipped', 'INVALID_STATUS_TRANSITION', (order) => ({
    event: orderProgressed('order.shipped', order, cause),
  }));
}

/** An admin records that a shipped order arrived. */
export function deliverOrder(deps: OrderDeps, actor: Actor, orderId: string, cause: EventCause): Promise<Order> {
  return moveOrder(deps, actor, orderId, 'delivered', 'INVALID_STATUS_TRANSITION', (order) => ({
    event: orderProgressed('order.delivered', order, cause),
  }));
}
