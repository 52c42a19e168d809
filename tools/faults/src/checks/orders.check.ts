import type { PlacedOrder } from '@shopwire/loadgen';
import type { Snapshot, StoredOrder } from '../snapshot';
import { FINAL, KEPT, tally, type CheckResult } from './check-result';

/** A paid order that is kept has its charge; one that ended otherwise was never charged or was refunded. */
function paymentViolation(order: StoredOrder): string | undefined {
  const { charge, refund } = order.payment;
  if (KEPT.includes(order.status) && (!charge || refund))
    return `is ${order.status} but ${charge ? 'refunded' : 'not charged'}`;
  if (!KEPT.includes(order.status) && charge && !refund) return `is ${order.status} but charged and not refunded`;
  return undefined;
}

/**
 * Every order accepted over HTTP is in the store, and every stored order reached a final status with its payment
 * settled to match; a declined card never ends in a kept order.
 */
export function checkOrders(snapshot: Snapshot, accepted: PlacedOrder[]): CheckResult {
  const byId = new Map(snapshot.orders.map((o) => [o._id.toHexString(), o]));
  const violations: string[] = [];
  for (const placed of accepted) {
    const stored = byId.get(placed.id);
    if (!stored) violations.push(`order ${placed.id} was accepted (202) but is not in the store`);
    else if (placed.declined && KEPT.includes(stored.status))
      violations.push(`order ${placed.id} was paid with a declined card but is ${stored.status}`);
  }
  for (const [id, order] of byId) {
    if (!FINAL.includes(order.status)) violations.push(`order ${id} is still ${order.status}`);
    const payment = paymentViolation(order);
    if (payment) violations.push(`order ${id} ${payment}`);
  }
  const figures = `${byId.size} in the store, ${accepted.length} accepted by the load; ${tally(snapshot.orders.map((o) => (o.reason ? `${o.status} (${o.reason})` : o.status)))}`;
  return { check: 'orders final', figures, violations };
}
