import type { FastifyInstance } from 'fastify';
import type { EventHandler } from '@shopwire/messaging';
import { reserveStockForOrder } from '../stock/reserve-stock';

export const reserveStockOnOrderPlaced = (app: FastifyInstance): EventHandler<'order.placed'> => async (event, ctx) => {
  const reservation = await reserveStockForOrder(app.catalog, event.data, ctx.eventMeta);
  ctx.log.info({ orderId: event.data.orderId, reservation: reservation.state }, 'stock reservation decided');
};
