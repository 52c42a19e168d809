import { holdKey } from './stock-holds';

describe('hold keys', () => {
  it('when the order id is a plain token, then it is the key as it is', () => {
    expect(holdKey('3f2c9a1e-0b7d-4c55-9e1a-1d2f3a4b5c6d')).toBe('3f2c9a1e-0b7d-4c55-9e1a-1d2f3a4b5c6d');
  });

  it.each(['a.b', '$where', 'x y', ''])(
    'when the order id is %j, then the key is encoded to a safe field name, distinct per id',
    (orderId) => {
      const key = holdKey(orderId);
      expect(key).toMatch(/^~[A-Za-z0-9_-]*$/);
      expect(holdKey(`${orderId}!`)).not.toBe(key);
    },
  );
});
