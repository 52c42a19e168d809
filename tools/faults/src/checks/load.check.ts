import type { LoadReport } from '@shopwire/loadgen';
import type { Snapshot } from '../snapshot';
import type { CheckResult } from './check-result';

const MIN_ORDERS = 20;

/** The load placed enough orders, ending in each way, for the other checks to mean something. */
export function checkLoad(report: LoadReport, snapshot: Snapshot, elapsedSec: number): CheckResult {
  const { stats } = report;
  const violations: string[] = [];
  if (report.ordersAccepted < MIN_ORDERS)
    violations.push(
      `only ${report.ordersAccepted} orders were accepted; at least ${MIN_ORDERS} are needed for the checks to mean something`,
    );
  for (const status of ['confirmed', 'rejected', 'cancelled']) {
    if (!snapshot.orders.some((o) => o.status === status))
      violations.push(`no order ended ${status}: that path went untested`);
  }
  const codes = Object.entries(stats.errorsByCode)
    .sort(([, a], [, b]) => b - a)
    .map(([code, n]) => `${code} ${n}`);
  const errors = codes.length > 0 ? ` (${codes.join(', ')})` : '';
  const figures = `${stats.requests} requests at ${report.achievedRate.toFixed(1)}/s over ${elapsedSec.toFixed(0)} s, ${report.customers} customers, ${report.ordersAccepted} orders accepted, ${stats.errors} errors${errors}`;
  return { check: 'load', figures, violations };
}
