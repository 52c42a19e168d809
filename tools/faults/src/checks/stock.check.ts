import type { StockedProduct } from '../fixtures';
import type { Snapshot } from '../snapshot';
import { KEPT, type CheckResult } from './check-result';

// The reservation state each final order status must leave behind.
const RESERVATION_FOR: Record<string, string[]> = {
  confirmed: ['sold'],
  shipped: ['sold', 'settled'],
  delivered: ['sold', 'settled'],
  rejected: ['rejected', 'released'],
  // A cancel can overtake the reservation, which then was rejected for want of stock: nothing is held either way.
  cancelled: ['released', 'rejected'],
};

/**
 * Per product: nothing made or lost (initial = available + reserved + sold), nothing still reserved once every
 * order is final, sold = what the kept orders bought, and every hold left belongs to a kept order.
 */
export function checkStock(snapshot: Snapshot, stocked: StockedProduct[]): CheckResult {
  const violations: string[] = [];
  const orders = new Map(snapshot.orders.map((o) => [o._id.toHexString(), o]));
  const boughtByProduct = new Map<string, number>();
  for (const order of snapshot.orders) {
    if (!KEPT.includes(order.status)) continue;
    for (const item of order.items)
      boughtByProduct.set(item.productId, (boughtByProduct.get(item.productId) ?? 0) + item.quantity);
  }
  const totals = { initial: 0, available: 0, reserved: 0, sold: 0, holds: 0 };
  for (const { id, sku, initial } of stocked) {
    const product = snapshot.products.find((p) => p._id.toHexString() === id);
    if (!product) {
      violations.push(`product ${sku} is missing from the store`);
      continue;
    }
    const { available, reserved, sold } = product.stock;
    Object.assign(totals, {
      initial: totals.initial + initial,
      available: totals.available + available,
      reserved: totals.reserved + reserved,
      sold: totals.sold + sold,
    });
    if (available + reserved + sold !== initial)
      violations.push(`${sku}: initial ${initial} ≠ available ${available} + reserved ${reserved} + sold ${sold}`);
    if (reserved !== 0) violations.push(`${sku}: ${reserved} still reserved though every order is final`);
    const bought = boughtByProduct.get(id) ?? 0;
    if (sold !== bought) violations.push(`${sku}: sold ${sold}, but the kept orders bought ${bought}`);
    for (const [orderId, hold] of Object.entries(product.holds ?? {})) {
      totals.holds++;
      const status = orders.get(orderId)?.status ?? 'unknown';
      if (hold.state !== 'sold' || !KEPT.includes(status))
        violations.push(`${sku}: a ${hold.state} hold of ${hold.quantity} for order ${orderId}, which is ${status}`);
    }
  }
  const reservations = new Map(snapshot.reservations.map((r) => [r._id, r]));
  for (const [id, order] of orders) {
    const state = reservations.get(id)?.state ?? 'missing';
    if (!(RESERVATION_FOR[order.status] ?? []).includes(state))
      violations.push(`order ${id} is ${order.status} but its reservation is ${state}`);
  }
  const figures =
    `${stocked.length} products: initial ${totals.initial} = available ${totals.available} + reserved ${totals.reserved} + sold ${totals.sold}; ` +
    `${totals.holds} holds of kept orders; ${snapshot.reservations.length} reservations`;
  return { check: 'stock', figures, violations };
}
