import { requestHash } from './request-hash';

describe('request hash', () => {
  it('when two bodies differ only in key order, then their hashes are equal', () => {
    expect(requestHash({ a: 1, b: { c: 2, d: [1, 2] } })).toBe(requestHash({ b: { d: [1, 2], c: 2 }, a: 1 }));
  });

  it('when a value or the order of lines differs, then the hashes differ', () => {
    const body = {
      items: [
        { productId: 'p1', quantity: 1 },
        { productId: 'p2', quantity: 1 },
      ],
    };
    expect(requestHash(body)).not.toBe(
      requestHash({
        items: [
          { productId: 'p1', quantity: 2 },
          { productId: 'p2', quantity: 1 },
        ],
      }),
    );
    expect(requestHash(body)).not.toBe(requestHash({ items: [...body.items].reverse() }));
  });
});
