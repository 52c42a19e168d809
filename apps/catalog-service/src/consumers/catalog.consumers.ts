import type { FastifyInstance } from 'fastify';
import { selfGuarded, type EventHandlers } from '@shopwire/messaging';
import { releaseStockOnOrderCancelled } from './release-stock-on-order-cancelled.consumer';
import { releaseStockOnOrderRejected } from './release-stock-on-order-rejected.consumer';
import { reserveStockOnOrderPlaced } from './reserve-stock-on-order-placed.consumer';
import { sellStockOnOrderConfirmed } from './sell-stock-on-order-confirmed.consumer';
import { settleSaleOnOrderShipped } from './settle-sale-on-order-shipped.consumer';

/**
 * The catalog's part of the order saga (SPEC section 6). Each reaction is guarded by the order's reservation
 * record and the holds on the products, so a second delivery finds its work done: no separate inbox record.
 */
export const catalogConsumers = (app: FastifyInstance): EventHandlers => ({
  'order.placed': selfGuarded(reserveStockOnOrderPlaced(app)),
  'order.confirmed': selfGuarded(sellStockOnOrderConfirmed(app)),
  'order.rejected': selfGuarded(releaseStockOnOrderRejected(app)),
  'order.cancelled': selfGuarded(releaseStockOnOrderCancelled(app)),
  'order.shipped': selfGuarded(settleSaleOnOrderShipped(app)),
});
