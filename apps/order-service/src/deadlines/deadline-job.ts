/** How often the deadline job looks for due orders: a tenth of the deadline, between 50 ms and 5 s. */
export function deadlineSweepEveryMs(pendingDeadlineMs: number): number {
  return Math.min(5000, Math.max(50, Math.floor(pendingDeadlineMs / 10)));
}
