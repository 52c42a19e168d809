import { CappedList, categoryCap } from './ranking';

describe('categoryCap', () => {
  it.each([
    [1, 1],
    [3, 1],
    [4, 1],
    [7, 2],
    [10, 3],
    [20, 6],
    [100, 30],
  ])('a list of %i holds at most %i of one category', (limit, cap) => {
    expect(categoryCap(limit)).toBe(cap);
  });
});

describe('CappedList', () => {
  const categories: Record<string, string> = { a1: 'a', a2: 'a', a3: 'a', a4: 'a', b1: 'b' };

  it('when offered more of one category than the cap, then it takes the first ones and skips the rest', () => {
    const list = new CappedList(10, (id) => categories[id]);
    for (const id of ['a1', 'a2', 'a3', 'a4', 'b1']) list.offer({ productId: id, score: 1 });

    expect(list.items.map((item) => item.productId)).toEqual(['a1', 'a2', 'a3', 'b1']);
  });

  it('when offered the same product twice or past the limit, then it refuses', () => {
    const list = new CappedList(2, () => undefined);

    expect(list.offer({ productId: 'x', score: 1 })).toBe(true);
    expect(list.offer({ productId: 'x', score: 0.5 })).toBe(false);
    expect(list.offer({ productId: 'y', score: 0.5 })).toBe(true);
    expect(list.full).toBe(true);
    expect(list.offer({ productId: 'z', score: 0.1 })).toBe(false);
    expect(list.has('y')).toBe(true);
  });
});
