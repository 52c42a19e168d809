import type { Snapshot } from '../snapshot';
import { KEPT, type CheckResult } from './check-result';

/**
 * recommendation-service counts exactly the kept orders (confirmed, shipped, delivered), each with its products,
 * in its store and in its model; a cancelled order is a tombstone or was never stored.
 */
export function checkRecommendations(snapshot: Snapshot): CheckResult {
  const violations: string[] = [];
  const kept = new Map(snapshot.orders.filter((o) => KEPT.includes(o.status)).map((o) => [o._id.toHexString(), o]));
  const counted = snapshot.purchases.filter((p) => !p.cancelled);
  const countedById = new Map(counted.map((p) => [p._id, p]));
  for (const [id, order] of kept) {
    const purchase = countedById.get(id);
    if (!purchase) violations.push(`order ${id} is ${order.status} but recommendation-service does not count it`);
    else if (
      [...new Set(purchase.productIds ?? [])].sort().join() !==
      [...new Set(order.items.map((i) => i.productId))].sort().join()
    )
      violations.push(`order ${id}: recommendation-service counts other products than the order holds`);
  }
  for (const purchase of counted) {
    if (!kept.has(purchase._id))
      violations.push(`recommendation-service counts order ${purchase._id}, which is not kept`);
  }
  if (snapshot.purchasesCounted !== countedById.size)
    violations.push(
      `recommendation-service's model counts ${snapshot.purchasesCounted ?? 'nothing (no answer)'} purchases, its store ${countedById.size}`,
    );
  const tombstones = snapshot.purchases.length - counted.length;
  return {
    check: 'recommendations count',
    figures: `${countedById.size} purchases counted (store), ${snapshot.purchasesCounted ?? '?'} (model), ${kept.size} kept orders, ${tombstones} cancelled`,
    violations,
  };
}
