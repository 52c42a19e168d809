import type { FastifyInstance } from 'fastify';
import type { EventHandler } from '@shopwire/messaging';
import { settleSale } from '../stock/settle-sale';

export const settleSaleOnOrderShipped = (app: FastifyInstance): EventHandler<'order.shipped'> => async (event) => {
  await settleSale(app.catalog, event.data.orderId);
};
