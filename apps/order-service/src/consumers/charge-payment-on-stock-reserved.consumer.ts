import type { EventHandler } from '@shopwire/messaging';
import { chargeOrder } from '../orders/charge-order';
import type { OrderDeps } from '../orders/order-deps';

/** stock.reserved: charge the order and confirm or reject it. A provider error throws, so the retry tiers try again. */
export function chargePaymentOnStockReserved(deps: OrderDeps): EventHandler<'stock.reserved'> {
  return async (event, ctx) => {
    const outcome = await chargeOrder(deps, event.data.orderId, ctx.eventMeta);
    ctx.log.info({ orderId: event.data.orderId, outcome }, 'stock reserved: payment settled');
  };
}
