import { defineConsumer } from '@shopwire/messaging';
import type { OrderDeps } from '../deps';
import { chargeOrder } from '../orders/charge-order';

/**
 * stock.reserved: charge the order and confirm or reject it (guarded by the order's status and the charge keyed by
 * the order). A provider error throws, so the retry tiers try again.
 */
export const chargePaymentOnStockReserved = defineConsumer(
  'stock.reserved',
  (deps: OrderDeps) => async (event, ctx) => {
    const outcome = await chargeOrder(deps, event.data.orderId, ctx.eventMeta);
    ctx.log.info({ orderId: event.data.orderId, outcome }, 'stock reserved: payment settled');
  },
  { selfGuarded: true },
);
