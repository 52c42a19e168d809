import type { Order } from '../models/order.model';
import type { OrderDeps } from '../deps';
import type { EventCause } from '@shopwire/contracts';
import { orderEnded } from './order-events';
import { changeStatus, findOrder } from './order-store';
import { refundIfDue } from './refund-order';

export const TIMEOUT = 'timeout';

export type ExpiryOutcome = 'rejected' | 'not_due' | 'settled';

/** True once a pending order has waited longer than the saga's deadline. */
export function isOverdue(
  deps: Pick<OrderDeps, 'pendingDeadlineMs'>,
  order: Pick<Order, 'status' | 'createdAt'>,
  now = new Date(),
): boolean {
  return order.status === 'pending' && now.getTime() - new Date(order.createdAt).getTime() >= deps.pendingDeadlineMs;
}

/** An attempt to charge that recorded no outcome (a crash, or a charge running right now). */
function chargeInDoubt(order: Order): boolean {
  return !!order.payment.chargeAttemptedAt && !order.payment.charge && !order.payment.declinedAt;
}

/**
 * The saga's deadline: a pending order past it is rejected with reason `timeout` (history, order.rejected, which
 * makes catalog release the stock and the customer hear of it). A charge left in doubt is asked of the provider
 * again with the same key, which answers the original outcome, and a landed charge is recorded and refunded. The
 * status condition makes it race-free with the event path: whichever moves the order from pending first wins.
 */
export async function expireOrder(
  deps: OrderDeps,
  orderId: string,
  cause: EventCause,
  now = new Date(),
): Promise<ExpiryOutcome> {
  const order = await findOrder(deps, orderId);
  if (!order || order.status !== 'pending') return 'settled';
  if (!isOverdue(deps, order, now)) return 'not_due';
  const charge = chargeInDoubt(order) && order.payment.token ? await replayCharge(deps, order) : undefined;
  const moved = await changeStatus(deps, order, {
    to: 'rejected',
    reason: TIMEOUT,
    event: orderEnded('order.rejected', order, TIMEOUT, cause),
    ...(charge ? { set: { 'payment.charge': charge } } : {}),
    unset: ['payment.token'],
  });
  if (!moved) return 'settled';
  if (charge) await refundIfDue(deps, orderId);
  return 'rejected';
}

async function replayCharge(
  deps: OrderDeps,
  order: Order,
): Promise<{ id: string; amount: Order['total']; at: Date } | undefined> {
  const id = order._id.toHexString();
  const result = await deps.payments.charge({
    idempotencyKey: id,
    reference: id,
    amount: order.total,
    token: order.payment.token as string,
  });
  return result.outcome === 'approved' ? { id: result.chargeId, amount: order.total, at: result.at } : undefined;
}
