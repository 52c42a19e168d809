import { setTimeout as delay } from 'node:timers/promises';
import { untilDone } from '@shopwire/service-kit';
import type { OrderModel } from '../models/order.model';

const builders = new WeakMap<OrderModel, () => Promise<void>>();

/** Builds the indexes once per model (the store may be down at start-up); a failure is retried by the next caller. */
export function ensureOrderIndexes(model: OrderModel): Promise<void> {
  let build = builders.get(model);
  if (!build) {
    build = untilDone(() => model.createIndexes());
    builders.set(model, build);
  }
  return build();
}

const MAX_RETRY_MS = 30000;

/** Builds the indexes as soon as the store answers, retrying with backoff until `signal` aborts (at close). */
export async function buildOrderIndexes(
  model: OrderModel,
  signal: AbortSignal,
  onFailure: (error: Error) => void,
): Promise<void> {
  for (let attempt = 0; !signal.aborted; attempt += 1) {
    try {
      await ensureOrderIndexes(model);
      return;
    } catch (error) {
      onFailure(error as Error);
      await delay(Math.min(MAX_RETRY_MS, 500 * 2 ** attempt), undefined, { signal }).catch(() => undefined);
    }
  }
}
