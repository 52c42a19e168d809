import { defineConsumer } from '@shopwire/messaging';
import type { CatalogDeps } from '../deps';
import { reserveStockForOrder } from '../stock/reserve-stock';

/** A placed order holds its lines' stock, or is refused; guarded by the order's reservation record and the holds. */
export const reserveStockOnOrderPlaced = defineConsumer(
  'order.placed',
  (deps: CatalogDeps) => async (event, ctx) => {
    const reservation = await reserveStockForOrder(deps, event.data, ctx.eventMeta);
    ctx.log.info({ orderId: event.data.orderId, reservation: reservation.state }, 'stock reservation decided');
  },
  { selfGuarded: true },
);
