import type { FastifyInstance } from 'fastify';
import type { EventHandler } from '@shopwire/messaging';
import { releaseStockOfOrder } from '../stock/release-stock';

export const releaseStockOnOrderCancelled = (app: FastifyInstance): EventHandler<'order.cancelled'> => async (event, ctx) => {
  await releaseStockOfOrder(app.catalog, event.data.orderId, ctx.eventMeta);
};
