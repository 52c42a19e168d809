import type { FastifyInstance } from 'fastify';
import type { EventHandlers } from '@shopwire/messaging';
import { releaseStockOnOrderCancelled } from './release-stock-on-order-cancelled.consumer';
import { releaseStockOnOrderRejected } from './release-stock-on-order-rejected.consumer';
import { reserveStockOnOrderPlaced } from './reserve-stock-on-order-placed.consumer';
import { sellStockOnOrderConfirmed } from './sell-stock-on-order-confirmed.consumer';
import { settleSaleOnOrderShipped } from './settle-sale-on-order-shipped.consumer';

/** The catalog's part of the order saga (SPEC section 6). */
export const catalogConsumers = (app: FastifyInstance): EventHandlers => ({
  'order.placed': reserveStockOnOrderPlaced(app),
  'order.confirmed': sellStockOnOrderConfirmed(app),
  'order.rejected': releaseStockOnOrderRejected(app),
  'order.cancelled': releaseStockOnOrderCancelled(app),
  'order.shipped': settleSaleOnOrderShipped(app),
});
