export interface CheckResult {
  check: string;
  /** The counts behind the verdict, for the table. */
  figures: string;
  /** Empty when the check holds. */
  violations: string[];
}

export const FINAL = ['confirmed', 'rejected', 'cancelled', 'shipped', 'delivered'];
/** Orders whose goods are sold for good: paid and not cancelled. */
export const KEPT = ['confirmed', 'shipped', 'delivered'];

/** "a 3, b 1" from a list of labels, most frequent first. */
export function tally(labels: string[]): string {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return (
    [...counts]
      .sort(([, a], [, b]) => b - a)
      .map(([label, n]) => `${label} ${n}`)
      .join(', ') || 'none'
  );
}
