import type { Basket } from '../model';
import { ReplicaState, type ProductChange } from './replica-state';

const product = (productId: string, changedAt: number, name = productId, active = true): ProductChange => ({
  productId,
  changedAt,
  active,
  info: { name, price: { amount: 100, currency: 'EUR' }, category: `cat-${productId}` },
});
const basket = (orderId: string, userId: string, productIds: string[]): Basket => ({
  orderId,
  userId,
  productIds,
  at: 0,
});
const alsoBought = (state: ReplicaState, id: string) => state.model.alsoBought(id, 10).map((s) => s.productId);

describe("a replica's state", () => {
  const known = () => {
    const state = new ReplicaState();
    for (const id of ['a', 'b', 'c']) state.changeProduct(product(id, 1));
    return state;
  };

  it('when a cancellation comes before its confirmation, then the order never counts, in either order', () => {
    const cancelledFirst = known();
    cancelledFirst.cancel('o1');
    expect(cancelledFirst.confirm(basket('o1', 'u1', ['a', 'b']))).toBe(false);

    const confirmedFirst = known();
    confirmedFirst.confirm(basket('o1', 'u1', ['a', 'b']));
    confirmedFirst.cancel('o1');

    for (const state of [cancelledFirst, confirmedFirst]) {
      expect(state.counted).toBe(0);
      expect(alsoBought(state, 'a')).toEqual([]);
    }
  });

  it('when the same events arrive twice (from the feed and the durable queue, or a load of the store), then each counts once', () => {
    const state = known();
    for (let n = 0; n < 2; n++) {
      state.confirm(basket('o1', 'u1', ['a', 'b']));
      state.confirm(basket('o2', 'u2', ['a', 'c']));
      state.cancel('o3');
    }
    expect(state.counted).toBe(2);
    expect(alsoBought(state, 'a').sort()).toEqual(['b', 'c']);
  });

  it('when a user is deleted, then their orders stop counting, those ever counted are returned to erase, and a late one never counts', () => {
    const state = known();
    state.confirm(basket('o1', 'u1', ['a', 'b']));
    state.confirm(basket('o2', 'u2', ['a', 'c']));

    expect(state.forgetUser('u1')).toEqual(['o1']);
    expect(state.forgetUser('u1')).toEqual(['o1']);
    expect(state.confirm(basket('o4', 'u1', ['a', 'b']))).toBe(false);
    expect(state.counted).toBe(1);
    expect(alsoBought(state, 'a')).toEqual(['c']);
  });

  it('when product changes arrive out of order, then the newest stays; archiving keeps it off every list; a version-1 change keeps the category', () => {
    const state = known();
    state.changeProduct(product('a', 5, 'newest'));
    expect(state.changeProduct(product('a', 3, 'older'))).toBe(false);
    state.changeProduct({
      productId: 'a',
      changedAt: 6,
      active: true,
      info: { name: 'renamed', price: { amount: 1, currency: 'EUR' } },
    });
    expect(state.model.product('a')).toMatchObject({ name: 'renamed', category: 'cat-a' });

    state.changeProduct({ productId: 'b', changedAt: 9, active: false });
    expect(state.changeProduct(product('b', 8))).toBe(false);
    state.changeProduct({ productId: 'z', changedAt: 9, active: false });
    expect(state.changeProduct(product('z', 1))).toBe(false);
    state.confirm(basket('o1', 'u1', ['a', 'b', 'z']));
    expect(alsoBought(state, 'a')).toEqual([]);
    expect(state.model.product('z')).toBeUndefined();
  });
});
