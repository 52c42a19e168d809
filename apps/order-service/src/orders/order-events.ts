import { createEvent, type EventEnvelope, type EventMeta } from '@shopwire/contracts';
import type { Order } from '../models/order.model';

export const SOURCE = 'order-service';

/** What caused a change: the HTTP request (its id is the correlation id) or the event being handled. */
export type Cause = Omit<EventMeta, 'source'>;

function linesOf(order: Order) {
  return order.items.map((line) => ({ productId: line.productId, quantity: line.quantity, unitPrice: { ...line.unitPrice } }));
}

export function orderPlaced(order: Order, cause: Cause): EventEnvelope<'order.placed'> {
  return createEvent('order.placed', { orderId: order._id.toHexString(), userId: order.userId, items: linesOf(order), total: { ...order.total } }, { ...cause, source: SOURCE });
}

/** order.confirmed version 2: with the order's lines, so services can learn what is bought together. */
export function orderConfirmed(order: Order, cause: Cause): EventEnvelope<'order.confirmed'> {
  return createEvent('order.confirmed', { orderId: order._id.toHexString(), userId: order.userId, total: { ...order.total }, items: linesOf(order) }, { ...cause, source: SOURCE });
}

export function orderProgressed(type: 'order.shipped' | 'order.delivered', order: Order, cause: Cause): EventEnvelope {
  return createEvent(type, { orderId: order._id.toHexString(), userId: order.userId, total: { ...order.total } }, { ...cause, source: SOURCE });
}

export function orderEnded(type: 'order.rejected' | 'order.cancelled', order: Order, reason: string, cause: Cause): EventEnvelope {
  return createEvent(type, { orderId: order._id.toHexString(), userId: order.userId, reason }, { ...cause, source: SOURCE });
}
