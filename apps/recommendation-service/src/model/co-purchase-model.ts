import { byScoreThenId, CappedList } from './ranking';
import type { Basket, ProductInfo, Scored } from './types';

interface CountedBasket {
  userId: string;
  productIds: string[];
}

/**
 * Item-to-item co-purchase model kept in memory and updated one basket at a time.
 *
 * Similarity is the cosine of two products' basket vectors: baskets with both / sqrt(baskets with i × baskets with j).
 * Cosine rather than lift: a best seller that is in every basket scores only sqrt(n_i / n_bestseller) against i, so
 * it sinks below real partners, while lift (co × N / (n_i × n_j)) rewards a product bought once with i with the
 * highest possible score and needs a support threshold to be usable. The counters (baskets per product, baskets per
 * pair) are exact integers, so a basket added and removed leaves no trace, and similarities are computed at query
 * time from them: a basket costs O(k²) for its k distinct products, and a query reads the neighbours of the
 * products it starts from, never the baskets.
 */
export class CoPurchaseModel {
  private readonly baskets = new Map<string, CountedBasket>();
  private readonly ordersByUser = new Map<string, Set<string>>();
  /** user → product → number of that user's counted baskets holding it */
  private readonly boughtByUser = new Map<string, Map<string, number>>();
  /** product → number of counted baskets holding it */
  private readonly basketsWith = new Map<string, number>();
  /** product → other product → number of counted baskets holding both (kept symmetric) */
  private readonly together = new Map<string, Map<string, number>>();
  private readonly products = new Map<string, ProductInfo>();
  private popularity: Scored[] | undefined;

  /** Counts a basket; false when that orderId is already counted. A product twice in one basket counts once. */
  addBasket(basket: Basket): boolean {
    if (this.baskets.has(basket.orderId)) return false;
    const productIds = [...new Set(basket.productIds)];
    this.baskets.set(basket.orderId, { userId: basket.userId, productIds });
    getOrCreate(this.ordersByUser, basket.userId, () => new Set()).add(basket.orderId);
    const bought = getOrCreate(this.boughtByUser, basket.userId, () => new Map());
    for (const id of productIds) {
      bump(bought, id, 1);
      bump(this.basketsWith, id, 1);
    }
    this.countPairs(productIds, 1);
    this.popularity = undefined;
    return true;
  }

  /** Takes a counted basket's contribution back exactly; false when that orderId is not counted. */
  removeBasket(orderId: string): boolean {
    const basket = this.baskets.get(orderId);
    if (!basket) return false;
    this.baskets.delete(orderId);
    const orders = this.ordersByUser.get(basket.userId);
    orders?.delete(orderId);
    if (orders?.size === 0) this.ordersByUser.delete(basket.userId);
    const bought = this.boughtByUser.get(basket.userId);
    for (const id of basket.productIds) {
      if (bought) bump(bought, id, -1);
      bump(this.basketsWith, id, -1);
    }
    if (bought?.size === 0) this.boughtByUser.delete(basket.userId);
    this.countPairs(basket.productIds, -1);
    this.popularity = undefined;
    return true;
  }

  /** Removes every basket of that user and returns their orderIds. */
  forgetUser(userId: string): string[] {
    const orderIds = this.ordersOf(userId);
    for (const orderId of orderIds) this.removeBasket(orderId);
    return orderIds;
  }

  ordersOf(userId: string): string[] {
    return [...(this.ordersByUser.get(userId) ?? [])];
  }

  /** Known and active products are the only ones ever recommended; active=false hides one for good. */
  upsertProduct(product: ProductInfo): void {
    this.products.set(product.productId, { ...product, price: { ...product.price } });
    this.popularity = undefined;
  }

  product(productId: string): ProductInfo | undefined {
    return this.products.get(productId);
  }

  /** Products most similar to this one, then the most popular ones when fewer are known (cold start). */
  alsoBought(productId: string, limit: number): Scored[] {
    const list = this.newList(limit);
    if (!list) return [];
    const nI = this.basketsWith.get(productId) ?? 0;
    const candidates: Scored[] = [];
    for (const [other, both] of this.together.get(productId) ?? []) {
      if (this.recommendable(other)) candidates.push({ productId: other, score: this.cosine(both, nI, other) });
    }
    fillFrom(list, candidates.sort(byScoreThenId));
    this.backfillWithPopular(list, (id) => id === productId);
    return list.items;
  }

  /**
   * The mean similarity of each candidate to the products this user bought, leaving out what they bought; the most
   * popular products fill what is left, and are the whole list for a user with no purchases.
   */
  forUser(userId: string, limit: number): Scored[] {
    const list = this.newList(limit);
    if (!list) return [];
    const bought = this.boughtByUser.get(userId);
    if (!bought) {
      this.backfillWithPopular(list, () => false);
      return list.items;
    }
    const sums = new Map<string, number>();
    for (const mine of bought.keys()) {
      const nI = this.basketsWith.get(mine) ?? 0;
      for (const [other, both] of this.together.get(mine) ?? []) {
        if (bought.has(other) || !this.recommendable(other)) continue;
        sums.set(other, (sums.get(other) ?? 0) + this.cosine(both, nI, other));
      }
    }
    const candidates: Scored[] = [];
    for (const [productId, sum] of sums) candidates.push({ productId, score: sum / bought.size });
    fillFrom(list, candidates.sort(byScoreThenId));
    this.backfillWithPopular(list, (id) => bought.has(id));
    return list.items;
  }

  /** Products in the most counted baskets; the score is the share of baskets holding the product. */
  popular(limit: number): Scored[] {
    const list = this.newList(limit);
    if (!list) return [];
    fillFrom(list, this.popularRanking());
    return list.items;
  }

  private countPairs(productIds: string[], delta: 1 | -1): void {
    for (let a = 0; a < productIds.length; a++) {
      for (let b = a + 1; b < productIds.length; b++) {
        const i = productIds[a] as string;
        const j = productIds[b] as string;
        bumpPair(this.together, i, j, delta);
        bumpPair(this.together, j, i, delta);
      }
    }
  }

  private cosine(both: number, nI: number, other: string): number {
    const nJ = this.basketsWith.get(other) ?? 0;
    return nI > 0 && nJ > 0 ? both / Math.sqrt(nI * nJ) : 0;
  }

  private recommendable(productId: string): boolean {
    return this.products.get(productId)?.active === true;
  }

  private newList(limit: number): CappedList | undefined {
    const size = Math.floor(limit);
    if (!(size > 0)) return undefined;
    return new CappedList(size, (id) => this.products.get(id)?.category);
  }

  /** Popular products after the ranked ones, scaled below the last score so a list's scores never increase. */
  private backfillWithPopular(list: CappedList, excluded: (productId: string) => boolean): void {
    if (list.full) return;
    const last = list.items.at(-1);
    const scale = last ? last.score : 1;
    for (const item of this.popularRanking()) {
      if (list.full) return;
      if (!excluded(item.productId)) list.offer({ productId: item.productId, score: item.score * scale });
    }
  }

  /** Rebuilt lazily after a change: O(P log P) over the known products, not over the baskets. */
  private popularRanking(): Scored[] {
    if (this.popularity) return this.popularity;
    const total = this.baskets.size;
    const ranking: Scored[] = [];
    for (const [productId, count] of this.basketsWith) {
      if (this.recommendable(productId)) ranking.push({ productId, score: count / total });
    }
    this.popularity = ranking.sort(byScoreThenId);
    return this.popularity;
  }
}

function fillFrom(list: CappedList, ranked: Scored[]): void {
  for (const item of ranked) {
    if (list.full) return;
    list.offer(item);
  }
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

/** Adds delta to a counter and drops it at zero, so removed baskets leave no empty entries behind. */
function bump(map: Map<string, number>, key: string, delta: number): void {
  const next = (map.get(key) ?? 0) + delta;
  if (next > 0) map.set(key, next);
  else map.delete(key);
}

function bumpPair(pairs: Map<string, Map<string, number>>, i: string, j: string, delta: number): void {
  const row = getOrCreate(pairs, i, () => new Map<string, number>());
  bump(row, j, delta);
  if (row.size === 0) pairs.delete(i);
}
