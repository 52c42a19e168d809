import { defineConsumer } from '@shopwire/messaging';
import type { OrderDeps } from '../deps';
import { rejectOutOfStock } from '../orders/reject-order';

/** stock.rejected: the pending order ends as rejected (out_of_stock); a stale event changes nothing (guarded by the status). */
export const rejectOrderOnStockRejected = defineConsumer(
  'stock.rejected',
  (deps: OrderDeps) => async (event, ctx) => {
    const rejected = await rejectOutOfStock(deps, event.data.orderId, ctx.eventMeta);
    ctx.log.info({ orderId: event.data.orderId, rejected, unavailable: event.data.unavailable }, 'stock rejected');
  },
  { selfGuarded: true },
);
