import type { EventHandler } from '@shopwire/messaging';
import type { OrderDeps } from '../orders/order-deps';
import { refundIfDue } from '../orders/refund-order';

/**
 * order.cancelled (this service's own event): a paid order is refunded. Reacting to the event rather than inside
 * the cancel request means a provider error or a crash retries the refund instead of losing it.
 */
export function refundPaymentOnOrderCancelled(deps: OrderDeps): EventHandler<'order.cancelled'> {
  return async (event, ctx) => {
    if (await refundIfDue(deps, event.data.orderId)) ctx.log.info({ orderId: event.data.orderId }, 'cancelled order refunded');
  };
}
