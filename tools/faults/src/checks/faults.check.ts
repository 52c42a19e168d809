import { FAULTS, type FaultOutcome } from '../faults';
import type { CheckResult } from './check-result';

/** Every fault of the series was injected and the system was ready again after each. */
export function checkFaults(outcomes: FaultOutcome[]): CheckResult {
  const violations = outcomes.filter((o) => o.error).map((o) => `${o.fault}: ${o.error}`);
  if (outcomes.length < FAULTS.length)
    violations.push(`only ${outcomes.length} of ${FAULTS.length} faults were injected`);
  const recoveries = outcomes
    .filter((o) => !o.error)
    .map((o) => `${o.fault.replace('kill -9 ', '')} ${(o.recoveryMs / 1000).toFixed(1)} s`);
  return {
    check: 'faults injected',
    figures: `${recoveries.length} of ${FAULTS.length}; ready again after: ${recoveries.join(', ')}`,
    violations,
  };
}
