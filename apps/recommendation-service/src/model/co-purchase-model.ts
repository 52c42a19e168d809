import { byScoreThenId, CappedList } from './ranking';
import { bump, SimilarityIndex } from './similarity-index';
import type { Basket, ProductInfo, Scored } from './types';

interface CountedBasket {
  userId: string;
  productIds: string[];
}

/**
 * Item-to-item co-purchase model kept in memory and updated one basket at a time.
 *
 * A product is the set of customers who bought it (Amazon's item-to-item collaborative filtering): two products are
 * co-purchased when one customer bought both, in one order or in two. A customer's taste shows across their orders,
 * not only inside one: on the generated history of `npm run eval:recs`, pairs counted per customer found 45 % of the
 * customers' next products against 16 % for pairs counted per order. Similarity is a shrunk cosine
 * (SimilarityIndex says why cosine). A basket of k products costs O(k × m) for a customer with m distinct products;
 * a query reads the ranked neighbours of the products it starts from, never the baskets.
 */
export class CoPurchaseModel {
  private readonly baskets = new Map<string, CountedBasket>();
  private readonly ordersByUser = new Map<string, Set<string>>();
  /** user → product → number of that user's counted baskets holding it */
  private readonly boughtByUser = new Map<string, Map<string, number>>();
  /** product → number of counted baskets holding it (popularity) */
  private readonly basketsWith = new Map<string, number>();
  private readonly similarities = new SimilarityIndex();
  private readonly products = new Map<string, ProductInfo>();
  private popularity: Scored[] | undefined;

  /** Counts a basket; false when that orderId is already counted. A product twice in one basket counts once. */
  addBasket(basket: Basket): boolean {
    if (this.baskets.has(basket.orderId)) return false;
    const productIds = [...new Set(basket.productIds)];
    this.baskets.set(basket.orderId, { userId: basket.userId, productIds });
    getOrCreate(this.ordersByUser, basket.userId, () => new Set()).add(basket.orderId);
    const bought = getOrCreate(this.boughtByUser, basket.userId, () => new Map<string, number>());
    const fresh = productIds.filter((id) => !bought.has(id));
    this.similarities.count(fresh, bought.keys(), 1);
    for (const id of productIds) {
      bump(bought, id, 1);
      bump(this.basketsWith, id, 1);
    }
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
    const bought = this.boughtByUser.get(basket.userId) ?? new Map<string, number>();
    for (const id of basket.productIds) {
      bump(bought, id, -1);
      bump(this.basketsWith, id, -1);
    }
    if (bought.size === 0) this.boughtByUser.delete(basket.userId);
    this.similarities.count(
      basket.productIds.filter((id) => !bought.has(id)),
      bought.keys(),
      -1,
    );
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
    this.fillFrom(list, this.similarities.neighbours(productId));
    this.backfillWithPopular(list, (id) => id === productId);
    return list.items;
  }

  /**
   * The mean similarity of each candidate to the products this user bought (over each one's ranked neighbours),
   * leaving out what they bought; the most popular products fill what is left, and are the whole list for a user
   * with no purchases.
   */
  forUser(userId: string, limit: number): Scored[] {
    const list = this.newList(limit);
    if (!list) return [];
    const bought = this.boughtByUser.get(userId);
    if (!bought) {
      this.backfillWithPopular(list, () => false);
      return list.items;
    }
    this.fillFrom(list, this.similarities.closestTo([...bought.keys()]));
    this.backfillWithPopular(list, (id) => bought.has(id));
    return list.items;
  }

  /** Products in the most counted baskets; the score is the share of baskets holding the product. */
  popular(limit: number): Scored[] {
    const list = this.newList(limit);
    if (!list) return [];
    this.fillFrom(list, this.popularRanking());
    return list.items;
  }

  private recommendable(productId: string): boolean {
    return this.products.get(productId)?.active === true;
  }

  private newList(limit: number): CappedList | undefined {
    const size = Math.floor(limit);
    if (!(size > 0)) return undefined;
    return new CappedList(size, (id) => this.products.get(id)?.category);
  }

  private fillFrom(list: CappedList, ranked: Iterable<Scored>, scale = 1): void {
    for (const item of ranked) {
      if (list.full) return;
      if (this.recommendable(item.productId)) list.offer(scale === 1 ? item : { ...item, score: item.score * scale });
    }
  }

  /** Popular products after the ranked ones, scaled below the last score so a list's scores never increase. */
  private backfillWithPopular(list: CappedList, excluded: (productId: string) => boolean): void {
    if (list.full) return;
    const scale = list.items.at(-1)?.score ?? 1;
    this.fillFrom(
      list,
      this.popularRanking().filter((item) => !excluded(item.productId)),
      scale,
    );
  }

  /** Rebuilt lazily after a change: O(P log P) over the products bought, not over the baskets. */
  private popularRanking(): Scored[] {
    if (!this.popularity) {
      const total = this.baskets.size;
      const ranking: Scored[] = [];
      for (const [productId, count] of this.basketsWith) {
        if (this.recommendable(productId)) ranking.push({ productId, score: count / total });
      }
      this.popularity = ranking.sort(byScoreThenId);
    }
    return this.popularity;
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
