import type { OwnBroker } from '@shopwire/testing';
import { consumingServices, deadLetterIds } from '../dead-letters';
import type { CheckResult } from './check-result';

/** Each `<service>.events.dlq` holds exactly the one message the suite put there on purpose, nothing else. */
export async function checkDeadLetters(broker: OwnBroker, injected: Map<string, string>): Promise<CheckResult> {
  const violations: string[] = [];
  const counts: string[] = [];
  let others = 0;
  const services = await consumingServices(broker);
  for (const service of injected.keys())
    if (!services.includes(service)) violations.push(`the queue ${service}.events is gone`);
  for (const service of services) {
    const ids = await deadLetterIds(broker.url, service);
    const planted = injected.get(service);
    counts.push(`${service} ${ids.length}`);
    if (!planted) violations.push(`${service}.events appeared after the dead letters were injected`);
    else if (!ids.includes(planted))
      violations.push(`${service}.events.dlq lacks the injected dead letter ${planted}: the check could not see one`);
    const unplanned = ids.filter((id) => id !== planted);
    others += unplanned.length;
    if (unplanned.length > 0)
      violations.push(
        `${service}.events.dlq holds ${unplanned.length} dead letters the suite did not inject: ${unplanned.slice(0, 5).join(', ')}`,
      );
  }
  return {
    check: 'no dead letters',
    figures: `in the DLQs: ${counts.join(', ')} (${injected.size} injected on purpose, ${others} others)`,
    violations,
  };
}
