import { canMove } from './order-status';

describe('order status transitions', () => {
  it.each([
    ['pending', 'confirmed'],
    ['pending', 'rejected'],
    ['pending', 'cancelled'],
    ['confirmed', 'shipped'],
    ['confirmed', 'cancelled'],
    ['shipped', 'delivered'],
  ] as const)('when an order is %s, then it may become %s', (from, to) => {
    expect(canMove(from, to)).toBe(true);
  });

  it.each([
    ['shipped', 'cancelled'],
    ['delivered', 'cancelled'],
    ['rejected', 'confirmed'],
    ['cancelled', 'confirmed'],
    ['pending', 'shipped'],
    ['confirmed', 'rejected'],
    ['confirmed', 'delivered'],
    ['confirmed', 'confirmed'],
  ] as const)('when an order is %s, then it may not become %s', (from, to) => {
    expect(canMove(from, to)).toBe(false);
  });
});
