import { createEvent, type EventCause, type EventEnvelope } from '@shopwire/contracts';
import type { Order } from '../models/order.model';

export const SOURCE = 'order-service';

function linesOf(order: Order) {
  return order.items.map((line) => ({
    productId: line.productId,
    quantity: line.quantity,
    unitPrice: { ...line.unitPrice },
  }));
}

export function orderPlaced(order: Order, cause: EventCause): EventEnvelope<'order.placed'> {
  return createEvent(
    'order.placed',
    { orderId: order._id.toHexString(), userId: order.userId, items: linesOf(order), total: { ...order.total } },
    { ...cause, source: SOURCE },
  );
}

/** order.confirmed version 2: with the order's lines, so services can learn what is bought together. */
export function orderConfirmed(order: Order, cause: EventCause): EventEnvelope<'order.confirmed'> {
  return createEvent(
    'order.confirmed',
    { orderId: order._id.toHexString(), userId: order.userId, total: { ...order.total }, items: linesOf(order) },
    { ...cause, source: SOURCE },
  );
}

export function orderProgressed(
  type: 'order.shipped' | 'order.delivered',
  order: Order,
  cause: EventCause,
): EventEnvelope {
  return createEvent(
    type,
    { orderId: order._id.toHexString(), userId: order.userId, total: { ...order.total } },
    { ...cause, source: SOURCE },
  );
}

export function orderEnded(
  type: 'order.rejected' | 'order.cancelled',
  order: Order,
  reason: string,
  cause: EventCause,
): EventEnvelope {
  return createEvent(
    type,
    { orderId: order._id.toHexString(), userId: order.userId, reason },
    { ...cause, source: SOURCE },
  );
}
