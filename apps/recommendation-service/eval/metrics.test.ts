import { hitAt, ndcgAt } from './metrics';

describe('ranking metrics', () => {
  const relevant = new Set(['b', 'x']);

  it('a hit counts only inside the first k', () => {
    expect(hitAt(2, ['a', 'b', 'c'], relevant)).toBe(1);
    expect(hitAt(1, ['a', 'b', 'c'], relevant)).toBe(0);
  });

  it('NDCG is 1 for a perfect list, smaller the lower the hits sit, 0 without hits', () => {
    expect(ndcgAt(10, ['x', 'b', 'c'], relevant)).toBeCloseTo(1);
    expect(ndcgAt(10, ['a', 'b'], relevant)).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)));
    expect(ndcgAt(10, ['a', 'c'], relevant)).toBe(0);
    expect(ndcgAt(10, ['a'], new Set())).toBe(0);
  });
});
