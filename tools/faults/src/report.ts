import type { CheckResult } from './checks/check-result';

const SHOWN_PER_CHECK = 10;

/** The checks as a table (check, verdict, figures), then every violation found, a few per check. */
export function resultTable(results: CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.check.length));
  const lines = [`${'check'.padEnd(width)}  result  figures`, `${'-'.repeat(width)}  ------  -------`];
  for (const r of results)
    lines.push(`${r.check.padEnd(width)}  ${(r.violations.length === 0 ? 'ok' : 'FAILED').padEnd(6)}  ${r.figures}`);
  for (const r of results.filter((x) => x.violations.length > 0)) {
    lines.push('', `${r.check}: ${r.violations.length} violation${r.violations.length === 1 ? '' : 's'}`);
    for (const v of r.violations.slice(0, SHOWN_PER_CHECK)) lines.push(`  - ${v}`);
    if (r.violations.length > SHOWN_PER_CHECK) lines.push(`  … and ${r.violations.length - SHOWN_PER_CHECK} more`);
  }
  return lines.join('\n');
}
