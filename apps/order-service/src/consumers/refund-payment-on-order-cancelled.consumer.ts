import { defineConsumer } from '@shopwire/messaging';
import type { OrderDeps } from '../deps';
import { refundIfDue } from '../orders/refund-order';

/**
 * order.cancelled (this service's own event): a paid order is refunded. Reacting to the event rather than inside
 * the cancel request means a provider error or a crash retries the refund instead of losing it. Guarded by the
 * payment's own record (a refund keyed by the order).
 */
export const refundPaymentOnOrderCancelled = defineConsumer(
  'order.cancelled',
  (deps: OrderDeps) => async (event, ctx) => {
    if (await refundIfDue(deps, event.data.orderId))
      ctx.log.info({ orderId: event.data.orderId }, 'cancelled order refunded');
  },
  { selfGuarded: true },
);
