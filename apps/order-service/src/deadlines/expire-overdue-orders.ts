import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { OrderDeps } from '../orders/order-deps';
import { expireOrder } from '../orders/expire-order';

export interface ExpirySweep {
  rejected: number;
  settled: number;
  failed: number;
}

/** How long an order whose expiry failed (the payment provider was down) waits before the next try. */
const RETRY_AFTER_MS = 10000;

/**
 * The deadline job: takes up to `batch` due deadlines, oldest first, rejects the orders still pending with reason
 * `timeout` and drops the deadlines of orders that left pending by themselves. Each order is read and moved by `_id`.
 */
export async function expireOverdueOrders(deps: OrderDeps, log: FastifyBaseLogger, batch = 100, now = new Date()): Promise<ExpirySweep> {
  const sweep: ExpirySweep = { rejected: 0, settled: 0, failed: 0 };
  for (const deadline of await deps.deadlines.due(now, batch)) {
    const orderId = deadline._id.toHexString();
    try {
      const outcome = await expireOrder(deps, orderId, { correlationId: randomUUID(), causationId: null }, now);
      if (outcome === 'not_due') {
        // Entered by a replayed request after the order itself: its own clock decides.
        await deps.deadlines.postpone(deadline._id, new Date(now.getTime() + deps.pendingDeadlineMs));
        continue;
      }
      await deps.deadlines.drop(deadline._id);
      sweep[outcome === 'rejected' ? 'rejected' : 'settled'] += 1;
      if (outcome === 'rejected') log.info({ orderId }, 'order timed out: rejected');
    } catch (error) {
      sweep.failed += 1;
      log.warn({ orderId, err: { message: (error as Error).message } }, 'order deadline not settled; retrying later');
      await deps.deadlines.postpone(deadline._id, new Date(now.getTime() + RETRY_AFTER_MS)).catch(() => undefined);
    }
  }
  return sweep;
}
