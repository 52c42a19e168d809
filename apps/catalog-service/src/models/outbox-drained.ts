import { setTimeout as delay } from 'node:timers/promises';
import type { Model } from 'mongoose';
import { unavailable } from '@shopwire/service-kit';

const POLL_MS = 20;

/**
 * Resolves once the document has no event waiting in its outbox, i.e. the relay has published them and is done
 * writing the document. Fails (503, or a retried delivery) when the broker has been away for `timeoutMs`.
 */
export async function outboxDrained<T>(model: Model<T>, id: unknown, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const doc = await model.findById(id, { outbox: 1 }).lean<{ outbox?: unknown[] }>();
    if (!doc?.outbox?.length) return;
    if (Date.now() > deadline) throw unavailable('EVENTS_PENDING', 'Earlier changes of this resource are still being published; retry shortly.');
    await delay(POLL_MS);
  }
}
