import type { FastifyInstance } from 'fastify';
import type { EventHandler } from '@shopwire/messaging';
import { sellReservedStock } from '../stock/sell-stock';

export const sellStockOnOrderConfirmed = (app: FastifyInstance): EventHandler<'order.confirmed'> => async (event, ctx) => {
  const reservation = await sellReservedStock(app.catalog, event.data.orderId);
  if (reservation?.state !== 'sold') ctx.log.warn({ orderId: event.data.orderId, reservation: reservation?.state ?? 'none' }, 'confirmed order holds no reserved stock');
};
