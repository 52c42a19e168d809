import type { Order } from '../models/order.model';
import type { ChargeResult } from '../adapters/payments/payment-provider';
import type { OrderDeps } from '../deps';
import type { EventCause } from '@shopwire/contracts';
import { orderConfirmed, orderEnded } from './order-events';
import { changeStatus, findOrder } from './order-store';
import { expireOrder, isOverdue } from './expire-order';
import { refundIfDue } from './refund-order';

export type ChargeOutcome = 'confirmed' | 'rejected' | 'refunded' | 'timed_out' | 'ignored';

function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

async function settle(
  deps: OrderDeps,
  order: Order,
  result: ChargeResult,
  cause: EventCause,
): Promise<Order | undefined> {
  if (result.outcome === 'declined') {
    return changeStatus(deps, order, {
      to: 'rejected',
      reason: 'payment_declined',
      event: orderEnded('order.rejected', order, 'payment_declined', cause),
      set: { 'payment.declinedAt': new Date() },
      unset: ['payment.token'],
    });
  }
  const at = new Date();
  return changeStatus(deps, order, {
    to: 'confirmed',
    event: orderConfirmed(order, cause),
    set: {
      'payment.charge': { id: result.chargeId, amount: order.total, at: result.at },
      confirmedAt: at,
      confirmedDay: utcDay(at),
    },
    unset: ['payment.token'],
  });
}

/**
 * Step 3 of the saga, on stock.reserved: charge the order's total once and confirm it, or reject it when the card
 * is declined; a pending order past its deadline times out instead. A provider error propagates, so the event is retried. A charge that lands on an order cancelled
 * meanwhile is recorded and refunded.
 */
export async function chargeOrder(deps: OrderDeps, orderId: string, cause: EventCause): Promise<ChargeOutcome> {
  const order = await findOrder(deps, orderId);
  if (!order?.payment.token) return 'ignored';
  // An earlier attempt that never recorded its outcome (a crash) is replayed: the provider answers it idempotently.
  const interrupted = !!order.payment.chargeAttemptedAt && !order.payment.charge && !order.payment.declinedAt;
  if (order.status !== 'pending' && !interrupted) return 'ignored';
  // Past the deadline nothing is charged: the order times out (catalog releases the stock on its order.rejected).
  if (isOverdue(deps, order)) return (await expireOrder(deps, orderId, cause)) === 'rejected' ? 'timed_out' : 'ignored';
  if (!order.payment.chargeAttemptedAt) {
    // The mark comes before the charge, so a crash after the charge is found again; an order that left pending meanwhile is not charged.
    const marked = await deps.store.update(
      deps.orders,
      order._id,
      { status: 'pending' },
      { $set: { 'payment.chargeAttemptedAt': new Date() } },
    );
    if (!marked) return 'ignored';
  }

  const id = order._id.toHexString();
  const result = await deps.payments.charge({
    idempotencyKey: id,
    reference: id,
    amount: order.total,
    token: order.payment.token,
  });
  const settled = order.status === 'pending' ? await settle(deps, order, result, cause) : undefined;
  if (settled) return settled.status === 'confirmed' ? 'confirmed' : 'rejected';
  if (result.outcome === 'declined') return 'ignored';

  await deps.store.update(
    deps.orders,
    order._id,
    { 'payment.charge': { $exists: false } },
    {
      $set: { 'payment.charge': { id: result.chargeId, amount: order.total, at: result.at } },
      $unset: { 'payment.token': 1 },
    },
  );
  return (await refundIfDue(deps, id)) ? 'refunded' : 'ignored';
}
