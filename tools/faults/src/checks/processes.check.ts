import type { ProcessWatch } from '../process-watch';
import type { CheckResult } from './check-result';

/** No process died except the ones the suite killed or restarted itself. */
export function checkProcesses(watch: ProcessWatch): CheckResult {
  const violations = watch.unexpected.map((exit) => {
    const tail = exit.lastOutput.trim().split('\n').slice(-5).join('\n      ');
    return `${exit.name} exited by itself (code ${exit.code}, signal ${exit.signal}); last output:\n      ${tail}`;
  });
  return {
    check: 'no process died unasked',
    figures: `${watch.kills} killed with -9 and restarted, ${watch.unexpected.length} died on their own`,
    violations,
  };
}
