import type { JobDefinition } from '@shopwire/service-kit';
import type { StoreDeps } from '../deps';
import type { Dispatcher } from './dispatcher';

const BATCH = 200;

/**
 * The background sweep (one replica, under a lease): due retries, and deliveries a crash or a full lane left
 * behind. Each is moved out of the due window before it is handed over, so a batch of one slow endpoint's
 * deliveries does not hide the next batch.
 */
export function deliverySweep(deps: StoreDeps & { dispatcher: Dispatcher }, opts: { everyMs: number }): JobDefinition {
  return {
    name: 'webhook-deliveries',
    schedule: { everyMs: opts.everyMs },
    async run() {
      const now = new Date();
      for (const { _id: id } of await deps.due.due(now, BATCH)) {
        await deps.due.postpone(id, new Date(now.getTime() + deps.dispatcher.leaseMs));
        deps.dispatcher.dispatch(id);
      }
    },
  };
}
