import { createEvent, type EventEnvelope, type EventMeta } from '@shopwire/contracts';
import type { Order } from '../models/order.model';

export const SOURCE = 'order-service';

/** What caused a change: the HTTP request (its id is the correlation id) or the event being handled. */
export type Cause = Omit<EventMeta, 'source'>;

export function orderPlaced(order: Order, cause: Cause): EventEnvelope<'order.placed'> {
  const items = order.items.map((line) => ({ productId: line.productId, quantity: line.quantity, unitPrice: { ...line.unitPrice } }));
  return createEvent('order.placed', { orderId: order._id.toHexString(), userId: order.userId, items, total: { ...order.total } }, { ...cause, source: SOURCE });
}

export function orderProgressed(type: 'order.confirmed' | 'order.shipped' | 'order.delivered', order: Order, cause: Cause): EventEnvelope {
  return createEvent(type, { orderId: order._id.toHexString(), userId: order.userId, total: { ...order.total } }, { ...cause, source: SOURCE });
}

export function orderEnded(type: 'order.rejected' | 'order.cancelled', order: Order, reason: string, cause: Cause): EventEnvelope {
  return createEvent(type, { orderId: order._id.toHexString(), userId: order.userId, reason }, { ...cause, source: SOURCE });
}
