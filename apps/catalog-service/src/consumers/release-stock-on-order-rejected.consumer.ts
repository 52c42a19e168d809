import type { FastifyInstance } from 'fastify';
import type { EventHandler } from '@shopwire/messaging';
import { releaseStockOfOrder } from '../stock/release-stock';

export const releaseStockOnOrderRejected = (app: FastifyInstance): EventHandler<'order.rejected'> => async (event, ctx) => {
  await releaseStockOfOrder(app.catalog, event.data.orderId, ctx.eventMeta);
};
