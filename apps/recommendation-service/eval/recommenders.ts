import { CoPurchaseModel, type Basket, type ProductInfo } from '../src/model';
import { Random } from './random';

/** What the evaluation asks of each contender, given only the training baskets. */
export interface Recommender {
  name: string;
  forUser(userId: string, bought: ReadonlySet<string>, k: number): string[];
  alsoBought(productId: string, k: number): string[];
}

const ids = (items: { productId: string }[]) => items.map((item) => item.productId);

export function coPurchaseRecommender(
  products: ProductInfo[],
  train: Basket[],
): Recommender & { model: CoPurchaseModel } {
  const model = new CoPurchaseModel();
  for (const product of products) model.upsertProduct(product);
  for (const basket of train) model.addBasket(basket);
  return {
    name: 'co-purchase model (cosine)',
    model,
    forUser: (userId, _bought, k) => ids(model.forUser(userId, k)),
    alsoBought: (productId, k) => ids(model.alsoBought(productId, k)),
  };
}

/** The best sellers of the training period (baskets holding each product), leaving out what the user bought. */
export function popularityRecommender(train: Basket[]): Recommender {
  const counts = new Map<string, number>();
  for (const basket of train) {
    for (const id of new Set(basket.productIds)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const ranking = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);
  const top = (k: number, skip: (id: string) => boolean) => {
    const list: string[] = [];
    for (const id of ranking) {
      if (list.length >= k) break;
      if (!skip(id)) list.push(id);
    }
    return list;
  };
  return {
    name: 'popularity',
    forUser: (_userId, bought, k) => top(k, (id) => bought.has(id)),
    alsoBought: (productId, k) => top(k, (id) => id === productId),
  };
}

/** k products drawn uniformly from the shop, leaving out what the user bought. */
export function randomRecommender(products: ProductInfo[], seed: number): Recommender {
  const random = new Random(seed);
  const all = products.map((p) => p.productId);
  const draw = (k: number, skip: (id: string) => boolean) => {
    const list = new Set<string>();
    while (list.size < k) {
      const id = random.pick(all);
      if (!skip(id)) list.add(id);
    }
    return [...list];
  };
  return {
    name: 'random',
    forUser: (_userId, bought, k) => draw(k, (id) => bought.has(id)),
    alsoBought: (productId, k) => draw(k, (id) => id === productId),
  };
}
