import { retryDelayMs } from './retry-schedule';

describe('retry schedule', () => {
  it('when a delivery failed n times, then the n-th delay of the schedule is taken, moved by at most the jitter', () => {
    expect(retryDelayMs(1, [1000, 5000], 0.2, () => 0.5)).toBe(1000);
    expect(retryDelayMs(2, [1000, 5000], 0.2, () => 1)).toBe(6000);
    expect(retryDelayMs(2, [1000, 5000], 0.2, () => 0)).toBe(4000);
  });

  it('when the schedule is spent, then there is no next attempt', () => {
    expect(retryDelayMs(3, [1000, 5000], 0.2)).toBeUndefined();
  });
});
