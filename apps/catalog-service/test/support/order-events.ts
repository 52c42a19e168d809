import { randomUUID } from 'node:crypto';
import { createEvent, createEventOfVersion } from '@shopwire/contracts';
import { eur } from './catalog-api';

const fromOrderService = () => ({ source: 'order-service', correlationId: randomUUID() });
const userId = 'user-1';

const linesOf = (lines: Array<[string, number]>) =>
  lines.map(([productId, quantity]) => ({ productId, quantity, unitPrice: eur(100) }));

/** order.placed as order-service emits it: one line per [productId, quantity]. */
export function orderPlaced(orderId: string, lines: Array<[string, number]>) {
  const items = linesOf(lines);
  const total = eur(items.reduce((sum, item) => sum + item.quantity * 100, 0));
  return createEvent('order.placed', { orderId, userId, items, total }, fromOrderService());
}

/** Version 1 of order.confirmed (an order-service from before version 2, still accepted), and order.shipped. */
export function orderProgressed(type: 'order.confirmed' | 'order.shipped', orderId: string) {
  return createEventOfVersion(type, 1, { orderId, userId, total: eur(100) }, fromOrderService());
}

/** order.confirmed as order-service emits it today (version 2, with the order's lines). */
export function orderConfirmed(orderId: string, lines: Array<[string, number]>) {
  const items = linesOf(lines);
  return createEvent(
    'order.confirmed',
    { orderId, userId, total: eur(items.reduce((sum, item) => sum + item.quantity * 100, 0)), items },
    fromOrderService(),
  );
}

export function orderEnded(type: 'order.rejected' | 'order.cancelled', orderId: string) {
  return createEvent(
    type,
    { orderId, userId, reason: type === 'order.rejected' ? 'payment_declined' : 'customer_request' },
    fromOrderService(),
  );
}
