import { bestFirst } from './best-first';

describe('bestFirst', () => {
  it('yields every item, best first, the same order a full sort gives', () => {
    const items = Array.from({ length: 500 }, (_, i) => (i * 7919) % 503);

    const ordered = [...bestFirst([...items], (a, b) => a > b)];

    expect(ordered).toEqual([...items].sort((a, b) => b - a));
  });

  it('when the caller stops early, then it got the best ones', () => {
    const taken: number[] = [];
    for (const item of bestFirst([5, 1, 9, 3, 7], (a, b) => a > b)) {
      taken.push(item);
      if (taken.length === 2) break;
    }

    expect(taken).toEqual([9, 7]);
    expect([...bestFirst([], (a: number, b: number) => a > b)]).toEqual([]);
  });
});
