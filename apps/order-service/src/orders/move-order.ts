import { conflict, notFound } from '@shopwire/service-kit';
import type { Order, OrderStatus } from '../models/order.model';
import type { OrderDeps } from '../deps';
import { ownerFilter, type Actor } from './actor';
import { canMove } from './order-status';
import { changeStatus, findOrder, type StatusChangeRequest } from './order-store';

const ATTEMPTS = 3;

/**
 * A status change asked for over HTTP: the actor must see the order (another user's is a 404 like a missing
 * one), the transition must be legal (409 with `conflictCode` otherwise). Retried when an event moved the
 * order between the read and the write.
 */
export async function moveOrder(
  deps: OrderDeps,
  actor: Actor,
  orderId: string,
  to: OrderStatus,
  conflictCode: string,
  change: (order: Order) => Omit<StatusChangeRequest, 'to'>,
): Promise<Order> {
  for (let attempt = 1; ; attempt += 1) {
    const order = await findOrder(deps, orderId, ownerFilter(actor));
    if (!order) throw notFound('ORDER_NOT_FOUND', `No order ${orderId}.`);
    if (!canMove(order.status, to))
      throw conflict(conflictCode, `The order is ${order.status}; it cannot become ${to}.`);
    const moved = await changeStatus(deps, order, { ...change(order), to });
    if (moved) return moved;
    if (attempt === ATTEMPTS) throw conflict('ORDER_CHANGED', 'The order changed meanwhile; try again.');
  }
}
