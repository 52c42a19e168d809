import { CoPurchaseModel } from './co-purchase-model';
import { RANKED_NEIGHBOURS, SUPPORT_SHRINK } from './similarity-index';
import type { Basket, ProductInfo } from './types';

const product = (productId: string, category?: string, active = true): ProductInfo => ({
  productId,
  name: `Product ${productId}`,
  price: { amount: 1000, currency: 'EUR' },
  ...(category === undefined ? {} : { category }),
  active,
});

let clock = 0;
const basket = (orderId: string, userId: string, productIds: string[]): Basket => ({
  orderId,
  userId,
  productIds,
  at: (clock += 1000),
});

function modelWith(ids: string[], category?: string): CoPurchaseModel {
  const model = new CoPurchaseModel();
  for (const id of ids) model.upsertProduct(product(id, category));
  return model;
}

/** The shrunk cosine of two products bought by nI and nJ customers, `both` of whom bought the two. */
const similarity = (both: number, nI: number, nJ: number) =>
  (both / Math.sqrt(nI * nJ)) * (both / (both + SUPPORT_SHRINK));

const ids = (items: { productId: string }[]) => items.map((item) => item.productId);

describe('CoPurchaseModel', () => {
  it('when the same orderId is added twice, then it counts once and the second add says false', () => {
    const model = modelWith(['a', 'b', 'c']);
    expect(model.addBasket(basket('o1', 'u1', ['a', 'b']))).toBe(true);
    model.addBasket(basket('o2', 'u2', ['a', 'c']));
    model.addBasket(basket('o3', 'u3', ['a', 'c']));
    const before = model.alsoBought('a', 10);

    expect(model.addBasket(basket('o1', 'u1', ['a', 'b']))).toBe(false);
    expect(model.addBasket(basket('o1', 'u9', ['a', 'b', 'b']))).toBe(false);

    expect(model.alsoBought('a', 10)).toEqual(before);
    expect(ids(before)).toEqual(['c', 'b']);
    expect(model.ordersOf('u9')).toEqual([]);
  });

  it('when a basket is removed, then every list is exactly what it was before the basket was added', () => {
    const model = modelWith(['a', 'b', 'c', 'd']);
    model.addBasket(basket('o1', 'u1', ['a', 'b']));
    model.addBasket(basket('o2', 'u2', ['b', 'c']));
    const lists = () => ({
      a: model.alsoBought('a', 10),
      b: model.alsoBought('b', 10),
      d: model.alsoBought('d', 10),
      u1: model.forUser('u1', 10),
      u3: model.forUser('u3', 10),
      popular: model.popular(10),
    });
    const before = lists();

    model.addBasket(basket('o3', 'u3', ['a', 'c', 'd', 'd']));
    expect(model.alsoBought('d', 10)[0]?.productId).toMatch(/[ac]/);
    expect(model.removeBasket('o3')).toBe(true);

    expect(lists()).toEqual(before);
    expect(model.ordersOf('u3')).toEqual([]);
  });

  it('when a basket that is not counted is removed, then it says false and changes nothing', () => {
    const model = modelWith(['a', 'b']);
    model.addBasket(basket('o1', 'u1', ['a', 'b']));
    const before = model.alsoBought('a', 10);

    expect(model.removeBasket('unknown')).toBe(false);
    expect(model.removeBasket('o1')).toBe(true);
    expect(model.removeBasket('o1')).toBe(false);

    expect(before).toEqual([{ productId: 'b', score: similarity(1, 1, 1) }]);
    expect(model.alsoBought('a', 10)).toEqual([]);
    expect(model.popular(10)).toEqual([]);
  });

  it('when a user is forgotten, then their baskets are gone from every list and their orderIds are returned', () => {
    const model = modelWith(['a', 'b', 'c']);
    model.addBasket(basket('o1', 'leaving', ['a', 'b']));
    model.addBasket(basket('o2', 'leaving', ['a', 'b']));
    model.addBasket(basket('o3', 'staying', ['a', 'c']));

    expect(model.forgetUser('leaving').sort()).toEqual(['o1', 'o2']);

    expect(model.ordersOf('leaving')).toEqual([]);
    expect(model.ordersOf('staying')).toEqual(['o3']);
    expect(ids(model.alsoBought('a', 10))).toEqual(['c']);
    expect(ids(model.popular(10))).toEqual(['a', 'c']);
    expect(ids(model.forUser('leaving', 10))).toEqual(['a', 'c']);
    expect(model.forgetUser('leaving')).toEqual([]);
  });

  it('when a product is archived, then no list returns it, though it was the best match', () => {
    const model = modelWith(['a', 'b', 'c']);
    model.addBasket(basket('o1', 'u1', ['a', 'b']));
    model.addBasket(basket('o2', 'u2', ['a', 'b']));
    model.addBasket(basket('o3', 'u3', ['a', 'b', 'c']));
    model.addBasket(basket('o4', 'u4', ['b']));
    expect(model.alsoBought('a', 10)[0]?.productId).toBe('b');

    model.upsertProduct(product('b', undefined, false));

    expect(ids(model.alsoBought('a', 10))).toEqual(['c']);
    expect(ids(model.alsoBought('c', 10))).toEqual(['a']);
    expect(ids(model.popular(10))).toEqual(['a', 'c']);
    expect(ids(model.forUser('u4', 10))).toEqual(['a', 'c']);
    expect(ids(model.forUser('new-user', 10))).toEqual(['a', 'c']);
    expect(model.product('b')?.active).toBe(false);
  });

  it('when a product was never upserted, then it is counted but never recommended', () => {
    const model = modelWith(['a']);
    model.addBasket(basket('o1', 'u1', ['a', 'unknown']));
    model.addBasket(basket('o2', 'u2', ['unknown']));

    expect(ids(model.alsoBought('a', 10))).toEqual([]);
    expect(ids(model.popular(10))).toEqual(['a']);
    expect(model.product('unknown')).toBeUndefined();
  });

  it('when one category dominates the candidates, then a list of 10 holds at most 3 of it and uncategorised products are not capped', () => {
    const model = new CoPurchaseModel();
    const shoes = Array.from({ length: 8 }, (_, i) => `shoe-${i}`);
    const socks = Array.from({ length: 2 }, (_, i) => `sock-${i}`);
    const loose = Array.from({ length: 5 }, (_, i) => `loose-${i}`);
    for (const id of shoes) model.upsertProduct(product(id, 'shoes'));
    for (const id of socks) model.upsertProduct(product(id, 'socks'));
    for (const id of loose) model.upsertProduct(product(id));
    model.upsertProduct(product('anchor', 'bags'));
    model.addBasket(basket('o1', 'u1', ['anchor', ...shoes, ...socks, ...loose]));

    const list = model.alsoBought('anchor', 10);
    const forNewUser = model.forUser('new-user', 10);

    expect(list).toHaveLength(10);
    expect(ids(list).filter((id) => id.startsWith('shoe-'))).toHaveLength(3);
    expect(ids(list).filter((id) => id.startsWith('sock-'))).toHaveLength(2);
    expect(ids(list).filter((id) => id.startsWith('loose-'))).toHaveLength(5);
    expect(ids(forNewUser).filter((id) => id.startsWith('shoe-'))).toHaveLength(3);
    model.addBasket(basket('o2', 'u2', ['shoe-0', 'shoe-1', 'shoe-2', 'loose-0']));
    expect(ids(model.alsoBought('shoe-0', 4)).filter((id) => id.startsWith('shoe-'))).toEqual(['shoe-1']);
  });

  it('when a user has bought products, then "for you" ranks what was bought with them first, popular ones after, never what they bought', () => {
    const model = modelWith(['tent', 'mat', 'stove', 'pan', 'novel']);
    model.addBasket(basket('o1', 'camper', ['tent', 'mat']));
    model.addBasket(basket('o2', 'other-1', ['tent', 'stove']));
    model.addBasket(basket('o3', 'other-2', ['mat', 'stove']));
    model.addBasket(basket('o4', 'other-3', ['stove', 'pan']));
    model.addBasket(basket('o5', 'reader', ['novel']));
    model.addBasket(basket('o6', 'reader-2', ['novel']));

    const list = model.forUser('camper', 10);

    expect(ids(list)).toEqual(['stove', 'novel', 'pan']);
    expect(list[0]?.score).toBeCloseTo((similarity(1, 2, 3) + similarity(1, 2, 3)) / 2);
    expect(list[1]?.score).toBeLessThanOrEqual(list[0]?.score ?? 0);
  });

  it('when a user or a product is new, then the popularity list is the fallback', () => {
    const model = modelWith(['a', 'b', 'c', 'fresh']);
    model.addBasket(basket('o1', 'u1', ['a', 'b']));
    model.addBasket(basket('o2', 'u2', ['a', 'c']));
    model.addBasket(basket('o3', 'u3', ['a']));

    expect(model.popular(10)).toEqual([
      { productId: 'a', score: 1 },
      { productId: 'b', score: 1 / 3 },
      { productId: 'c', score: 1 / 3 },
    ]);
    expect(model.forUser('new-user', 2)).toEqual(model.popular(2));
    expect(model.alsoBought('fresh', 10)).toEqual(model.popular(10));
    expect(ids(model.alsoBought('a', 10))).toEqual(['b', 'c']);
  });

  it('when a best seller is bought with everything, then it does not top the lists of products with real partners', () => {
    const model = modelWith(['bestseller', 'phone', 'case', 'kettle', 'tea', 'filter']);
    let order = 0;
    const buy = (user: string, items: string[]) => model.addBasket(basket(`o${++order}`, user, items));
    for (let i = 0; i < 40; i++) buy(`loyal-${i}`, ['bestseller']);
    for (let i = 0; i < 5; i++) buy(`p-${i}`, ['phone', 'case', 'bestseller']);
    for (let i = 0; i < 5; i++) buy(`k-${i}`, ['kettle', 'tea', 'bestseller']);
    buy('p-x', ['phone', 'bestseller']);
    buy('k-x', ['kettle', 'filter', 'bestseller']);

    expect(model.alsoBought('phone', 3)[0]?.productId).toBe('case');
    expect(model.alsoBought('kettle', 3)[0]?.productId).toBe('tea');
    expect(model.alsoBought('tea', 3)[0]?.productId).toBe('kettle');
    expect(model.forUser('p-x', 3)[0]?.productId).toBe('case');
    expect(model.popular(1)[0]?.productId).toBe('bestseller');
  });

  it('when a product is twice in one basket, then it counts as bought once', () => {
    const model = modelWith(['a', 'b']);
    model.addBasket(basket('o1', 'u1', ['a', 'a', 'b']));
    model.addBasket(basket('o2', 'u2', ['b']));

    expect(model.alsoBought('a', 10)).toEqual([{ productId: 'b', score: similarity(1, 1, 2) }]);
    expect(model.popular(10)).toEqual([
      { productId: 'b', score: 1 },
      { productId: 'a', score: 0.5 },
    ]);
  });

  it('when one customer bought two products in different orders, then they are co-purchased, and counted once however often', () => {
    const model = modelWith(['a', 'b', 'c']);
    model.addBasket(basket('o1', 'u1', ['a']));
    model.addBasket(basket('o2', 'u1', ['b']));
    model.addBasket(basket('o3', 'u1', ['a', 'b']));
    model.addBasket(basket('o4', 'u2', ['c']));

    expect(model.alsoBought('a', 1)).toEqual([{ productId: 'b', score: similarity(1, 1, 1) }]);
    model.removeBasket('o3');
    expect(model.alsoBought('a', 1)).toEqual([{ productId: 'b', score: similarity(1, 1, 1) }]);
    model.removeBasket('o2');
    expect(ids(model.alsoBought('a', 10))).toEqual(['c']);
  });

  it('when the best neighbours of a product are archived, then its list goes on down the whole row', () => {
    const model = new CoPurchaseModel();
    const others = Array.from({ length: RANKED_NEIGHBOURS + 5 }, (_, i) => `p-${String(i).padStart(3, '0')}`);
    for (const id of ['anchor', ...others]) model.upsertProduct(product(id));
    model.addBasket(basket('o1', 'u1', ['anchor', ...others]));
    expect(model.alsoBought('anchor', 3)).toHaveLength(3);

    for (const id of others.slice(0, RANKED_NEIGHBOURS + 2)) model.upsertProduct(product(id, undefined, false));

    expect(ids(model.alsoBought('anchor', 3))).toEqual(others.slice(RANKED_NEIGHBOURS + 2));
  });

  it('when the limit is 0, negative or fractional, then the list is empty or cut down', () => {
    const model = modelWith(['a', 'b', 'c']);
    model.addBasket(basket('o1', 'u1', ['a', 'b', 'c']));

    expect(model.alsoBought('a', 0)).toEqual([]);
    expect(model.forUser('u1', -3)).toEqual([]);
    expect(model.popular(Number.NaN)).toEqual([]);
    expect(model.popular(2.9)).toHaveLength(2);
  });

  it('when a product is upserted, then product() returns a copy of what was given', () => {
    const model = new CoPurchaseModel();
    const given = product('a', 'cat');
    model.upsertProduct(given);
    given.price.amount = 1;

    expect(model.product('a')).toEqual({ ...product('a', 'cat') });
  });
});
