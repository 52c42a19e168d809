import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { workOffDue } from '@shopwire/service-kit';
import type { OrderDeps } from '../deps';
import { expireOrder } from '../orders/expire-order';

/** How long an order whose expiry failed (the payment provider was down) waits before the next try. */
const RETRY_AFTER_MS = 10000;

/**
 * The deadline job: takes up to `batch` due deadlines, oldest first, rejects the orders still pending with reason
 * `timeout` and drops the deadlines of orders that left pending by themselves. Each order is read and moved by `_id`.
 */
export function expireOverdueOrders(
  deps: OrderDeps,
  log: FastifyBaseLogger,
  batch = 100,
): Promise<Record<string, number>> {
  return workOffDue(
    deps.deadlines,
    async (id) => {
      const outcome = await expireOrder(deps, id.toHexString(), { correlationId: randomUUID(), causationId: null });
      if (outcome === 'rejected') log.info({ orderId: id.toHexString() }, 'order timed out: rejected');
      // Not due by the order's own clock (another replica's clock ran ahead): look again later.
      return outcome === 'not_due' ? 'later' : outcome;
    },
    {
      batch,
      retryAfterMs: RETRY_AFTER_MS,
      onError: (id, err) =>
        log.warn(
          { orderId: id.toHexString(), err: { message: err.message } },
          'order deadline not settled; retrying later',
        ),
    },
  );
}
