import { randomUUID } from 'node:crypto';
import { createEvent } from '@shopwire/contracts';
import { eur } from './catalog-api';

const fromOrderService = () => ({ source: 'order-service', correlationId: randomUUID() });
const userId = 'user-1';

/** order.placed as order-service emits it: one line per [productId, quantity]. */
export function orderPlaced(orderId: string, lines: Array<[string, number]>) {
  const items = lines.map(([productId, quantity]) => ({ productId, quantity, unitPrice: eur(100) }));
  const total = eur(items.reduce((sum, item) => sum + item.quantity * 100, 0));
  return createEvent('order.placed', { orderId, userId, items, total }, fromOrderService());
}

export function orderProgressed(type: 'order.confirmed' | 'order.shipped', orderId: string) {
  return createEvent(type, { orderId, userId, total: eur(100) }, fromOrderService());
}

export function orderEnded(type: 'order.rejected' | 'order.cancelled', orderId: string) {
  return createEvent(type, { orderId, userId, reason: type === 'order.rejected' ? 'payment_declined' : 'customer_request' }, fromOrderService());
}
