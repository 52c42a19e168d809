import type { LiveFigures, LoadReport } from './run-load';
import type { Percentiles } from './stats';

const ms = (value: number): string => `${value.toFixed(1)}ms`;
const pct = (p: Percentiles): string => `p50 ${ms(p.p50)} p90 ${ms(p.p90)} p99 ${ms(p.p99)} max ${ms(p.max)}`;

export function liveLine(live: LiveFigures): string {
  return (
    `[${live.elapsedSec.toFixed(0).padStart(4)}s] ${live.ratePerSec} req/s, ${live.requests} requests, ${live.errors} errors, ` +
    `last 1s ${pct(live.lastSecond)}, ${live.activeCustomers} customers active, ${live.ordersAccepted} orders accepted` +
    (live.missed > 0 ? `, ${live.missed} permits missed (system slower than the offered rate)` : '')
  );
}

export function finalReport(report: LoadReport): string {
  const { stats } = report;
  const lines = [
    `loadgen report: ${report.url}, offered ${report.offeredRate} req/s for ${report.durationSec} s`,
    `  requests        ${stats.requests} (${report.achievedRate.toFixed(1)} req/s achieved), ${report.customers} customers, ${report.missedPermits} permits missed`,
    `  errors          ${stats.errors}${
      stats.errors > 0
        ? ` — ${Object.entries(stats.errorsByCode)
            .sort(([, a], [, b]) => b - a)
            .map(([code, n]) => `${code}: ${n}`)
            .join(', ')}`
        : ''
    }`,
    `  statuses        ${Object.entries(stats.byStatus)
      .map(([status, n]) => `${status}: ${n}`)
      .join(', ')}`,
    `  latency         ${pct(stats.latency)}`,
    '  by route:',
    ...Object.entries(stats.byRoute).map(
      ([route, p]) =>
        `    ${route.padEnd(42)} n=${String(p.count).padEnd(6)} ${pct(p)}${p.errors ? `  errors ${p.errors}` : ''}`,
    ),
    `  orders accepted ${report.ordersAccepted}; by final status: ${
      Object.entries(report.ordersByFinalStatus)
        .map(([s, n]) => `${s} ${n}`)
        .join(', ') || 'none'
    }`,
  ];
  return lines.join('\n');
}
