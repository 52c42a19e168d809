import { Types } from 'mongoose';
import type { CatalogDeps } from '../deps';
import { isProductId } from '../products/product-id';

const SAFE_KEY = /^[A-Za-z0-9_-]{1,128}$/;

/** The field name of an order's hold on a product; ids that are not plain tokens are encoded ('.' and '$' are not allowed). */
export function holdKey(orderId: string): string {
  return SAFE_KEY.test(orderId) ? orderId : `~${Buffer.from(orderId).toString('base64url')}`;
}

export interface OrderLine {
  productId: string;
  quantity: number;
}

/**
 * Takes the line's quantity from `available` into `reserved`, recording the hold on the product in the same
 * update: a second attempt for the same order finds the hold and takes nothing. True when the order holds the
 * stock (now or from an earlier attempt); false when the product is unknown, archived or short.
 */
export async function holdStock(catalog: CatalogDeps, orderId: string, line: OrderLine): Promise<boolean> {
  if (!isProductId(line.productId)) return false;
  const key = holdKey(orderId);
  const hold = `holds.${key}`;
  // An ObjectId, so the store locks one key per product however the order spelled the hex.
  const productId = new Types.ObjectId(line.productId);
  const taken = await catalog.store.update(
    catalog.Product,
    productId,
    { active: true, 'stock.available': { $gte: line.quantity }, [hold]: { $exists: false } },
    {
      $inc: { 'stock.available': -line.quantity, 'stock.reserved': line.quantity, version: 1 },
      $set: { [hold]: { quantity: line.quantity, state: 'reserved' } },
    },
  );
  if (taken) return true;
  const product = await catalog.store.get(catalog.Product, productId, { [hold]: 1 });
  return product?.holds?.[key] !== undefined;
}

/** What happens to held stock later: each move applies only while the hold is in its `from` state, so once. */
const MOVES = {
  release: { from: 'reserved', counts: (q: number) => ({ 'stock.reserved': -q, 'stock.available': q }), keep: false },
  sell: { from: 'reserved', counts: (q: number) => ({ 'stock.reserved': -q, 'stock.sold': q }), keep: true },
  giveBack: { from: 'sold', counts: (q: number) => ({ 'stock.sold': -q, 'stock.available': q }), keep: false },
  settle: { from: 'sold', counts: () => ({}), keep: false },
} as const;

export type HoldMove = keyof typeof MOVES;

/**
 * release: a reservation given back; sell: reserved becomes sold; giveBack: a cancelled sale returns to the shelf;
 * settle: a shipped sale can no longer come back, so the product forgets the order.
 */
export async function moveHeldStock(
  catalog: CatalogDeps,
  move: HoldMove,
  orderId: string,
  line: OrderLine,
): Promise<void> {
  if (!isProductId(line.productId)) return;
  const { from, counts, keep } = MOVES[move];
  const hold = `holds.${holdKey(orderId)}`;
  const inc = counts(line.quantity);
  const changesCounts = Object.keys(inc).length > 0;
  await catalog.store.update(
    catalog.Product,
    new Types.ObjectId(line.productId),
    { [`${hold}.state`]: from },
    {
      ...(changesCounts ? { $inc: { ...inc, version: 1 } } : {}),
      ...(keep ? { $set: { [`${hold}.state`]: 'sold' } } : { $unset: { [hold]: '' } }),
    },
  );
}
