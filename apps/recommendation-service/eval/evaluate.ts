import type { Basket } from '../src/model';
import { hitAt, ndcgAt } from './metrics';
import type { Recommender } from './recommenders';

export interface Split {
  train: Basket[];
  test: Basket[];
  cutAt: number;
}

/** Baskets before the cut train, the rest test: nothing from the test period leaks into what the model learns. */
export function splitByTime(baskets: Basket[], trainShare: number): Split {
  const sorted = [...baskets].sort((a, b) => a.at - b.at);
  const cut = sorted[Math.floor(sorted.length * trainShare)];
  if (!cut) throw new Error('too few baskets to split');
  return { train: sorted.filter((b) => b.at < cut.at), test: sorted.filter((b) => b.at >= cut.at), cutAt: cut.at };
}

export interface Score {
  name: string;
  cases: number;
  hitRate: number;
  ndcg: number;
}

/**
 * "For you": each user who bought in the training period and buys something new in the test period; relevant are the
 * products of their test baskets they had not bought before (a recommender never proposes what they bought).
 */
export function evaluateForUser(split: Split, recommenders: Recommender[], k: number): Score[] {
  const bought = purchasesByUser(split.train);
  const later = purchasesByUser(split.test);
  const cases: { userId: string; bought: Set<string>; relevant: Set<string> }[] = [];
  for (const [userId, products] of later) {
    const before = bought.get(userId);
    if (!before) continue;
    const relevant = new Set([...products].filter((id) => !before.has(id)));
    if (relevant.size > 0) cases.push({ userId, bought: before, relevant });
  }
  return recommenders.map((recommender) =>
    score(recommender.name, cases, k, (c) => recommender.forUser(c.userId, c.bought, k)),
  );
}

/** "Also bought": for each product of a test basket with two or more, relevant are the other products of that basket. */
export function evaluateAlsoBought(split: Split, recommenders: Recommender[], k: number): Score[] {
  const cases: { productId: string; relevant: Set<string> }[] = [];
  for (const basket of split.test) {
    const products = [...new Set(basket.productIds)];
    if (products.length < 2) continue;
    for (const productId of products)
      cases.push({ productId, relevant: new Set(products.filter((id) => id !== productId)) });
  }
  return recommenders.map((recommender) =>
    score(recommender.name, cases, k, (c) => recommender.alsoBought(c.productId, k)),
  );
}

function score<C extends { relevant: Set<string> }>(
  name: string,
  cases: C[],
  k: number,
  recommend: (c: C) => string[],
): Score {
  let hits = 0;
  let ndcg = 0;
  for (const c of cases) {
    const list = recommend(c);
    hits += hitAt(k, list, c.relevant);
    ndcg += ndcgAt(k, list, c.relevant);
  }
  return { name, cases: cases.length, hitRate: hits / cases.length, ndcg: ndcg / cases.length };
}

function purchasesByUser(baskets: Basket[]): Map<string, Set<string>> {
  const byUser = new Map<string, Set<string>>();
  for (const basket of baskets) {
    let products = byUser.get(basket.userId);
    if (!products) byUser.set(basket.userId, (products = new Set()));
    for (const id of basket.productIds) products.add(id);
  }
  return byUser;
}
