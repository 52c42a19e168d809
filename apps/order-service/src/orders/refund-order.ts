import type { OrderDeps } from '../deps';
import { findOrder } from './order-store';

/**
 * Gives the money back for an order that was paid but did not go ahead (cancelled, or charged after it was
 * cancelled). Once per order: the provider refund and the record are both keyed by the order.
 */
export async function refundIfDue(deps: OrderDeps, orderId: string): Promise<boolean> {
  const order = await findOrder(deps, orderId);
  const charge = order?.payment.charge;
  if (!order || !charge || order.payment.refund || (order.status !== 'cancelled' && order.status !== 'rejected'))
    return false;
  const refund = await deps.payments.refund({ idempotencyKey: orderId, chargeId: charge.id, amount: charge.amount });
  await deps.store.update(
    deps.orders,
    order._id,
    { 'payment.refund': { $exists: false } },
    { $set: { 'payment.refund': { id: refund.refundId, amount: charge.amount, at: refund.at } } },
  );
  return true;
}
