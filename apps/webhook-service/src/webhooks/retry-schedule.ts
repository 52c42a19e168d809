/**
 * The wait before the next attempt after `attempts` failed ones, moved by up to `jitter` either way; undefined when
 * the schedule is spent and the delivery has failed.
 */
export function retryDelayMs(
  attempts: number,
  scheduleMs: readonly number[],
  jitter: number,
  random: () => number = Math.random,
): number | undefined {
  const base = scheduleMs[attempts - 1];
  if (base === undefined) return undefined;
  return Math.max(0, Math.round(base * (1 + jitter * (2 * random() - 1))));
}
