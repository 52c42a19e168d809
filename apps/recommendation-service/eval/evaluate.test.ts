import { evaluateForUser, splitByTime } from './evaluate';
import { defaultSettings, generateHistory } from './purchase-history';
import type { Recommender } from './recommenders';

const small = { ...defaultSettings, products: 60, users: 50, bundles: 5, segmentFavourites: 10 };

describe('offline evaluation', () => {
  it('when the history is generated twice with one seed, then it is the same, and another seed gives another', () => {
    expect(generateHistory(small)).toEqual(generateHistory(small));
    expect(generateHistory({ ...small, seed: 19 }).baskets).not.toEqual(generateHistory(small).baskets);
  });

  it('when split by time, then every training order is older than every test order', () => {
    const { baskets } = generateHistory(small);

    const split = splitByTime(baskets, 0.8);

    expect(split.train.length + split.test.length).toBe(baskets.length);
    expect(Math.max(...split.train.map((b) => b.at))).toBeLessThan(Math.min(...split.test.map((b) => b.at)));
  });

  it('when a recommender names exactly the products a user buys next, then it scores 1; naming none scores 0', () => {
    const at = (day: number) => Date.UTC(2026, 0, day);
    const split = {
      train: [{ orderId: 'o1', userId: 'u1', productIds: ['a'], at: at(1) }],
      test: [{ orderId: 'o2', userId: 'u1', productIds: ['a', 'b', 'c'], at: at(2) }],
      cutAt: at(2),
    };
    const naming = (list: string[]): Recommender => ({
      name: list.join(),
      forUser: () => list,
      alsoBought: () => list,
    });

    const [perfect, wrong] = evaluateForUser(split, [naming(['c', 'b']), naming(['x', 'y'])], 10);

    expect(perfect).toEqual({ name: 'c,b', cases: 1, hitRate: 1, ndcg: 1 });
    expect(wrong).toEqual({ name: 'x,y', cases: 1, hitRate: 0, ndcg: 0 });
  });
});
