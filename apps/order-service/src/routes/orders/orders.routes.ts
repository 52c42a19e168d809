import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '@shopwire/auth';
import { INVALID_PAGE_QUERY, problemResponses } from '@shopwire/service-kit';
import { cancelOrder } from '../../orders/cancel-order';
import { deliverOrder, shipOrder } from '../../orders/fulfil-order';
import type { OrderDeps } from '../../deps';
import { placeOrder } from '../../orders/place-order';
import { getOrder, listOrders } from '../../orders/read-orders';
import { actorOf, causeOf } from '../request-context';
import { toOrderView } from './order-view';
import {
  IdempotencyHeaders,
  ListOrdersQuery,
  OrderPage,
  OrderParams,
  OrderView,
  PlaceOrderBody,
  PlaceOrderRefused,
} from './orders.schemas';

const tags = ['orders'];
const security = [{ bearerAuth: [] }];
const NO_ORDER = { 404: 'No such order, or not the caller’s (ORDER_NOT_FOUND)' };
const CHANGED = 'or the order changed meanwhile (ORDER_CHANGED)';

export const orderRoutes: FastifyPluginAsyncTypebox<{ deps: OrderDeps }> = async (app, { deps }) => {
  const signedIn = { onRequest: app.authenticate };
  const adminOnly = { onRequest: [app.authenticate, app.requireRole('admin')] };

  app.post(
    '/api/v1/orders',
    {
      ...signedIn,
      schema: {
        tags,
        security,
        summary: 'Place an order',
        headers: IdempotencyHeaders,
        body: PlaceOrderBody,
        response: { 202: OrderView, 422: PlaceOrderRefused },
      },
    },
    async (request, reply) => {
      const { order, replayed } = await placeOrder(deps, {
        userId: currentUser(request).id,
        idempotencyKey: request.headers['idempotency-key'],
        request: request.body,
        cause: causeOf(request),
      });
      reply.code(202).header('location', `/api/v1/orders/${order._id.toHexString()}`);
      if (replayed) reply.header('idempotent-replayed', 'true');
      return toOrderView(order);
    },
  );

  app.get(
    '/api/v1/orders',
    {
      ...signedIn,
      schema: {
        tags,
        security,
        summary: 'Own orders (admins: all), newest first',
        querystring: ListOrdersQuery,
        response: {
          200: OrderPage,
          ...problemResponses(INVALID_PAGE_QUERY, { 403: 'Only an admin lists another user’s orders (FORBIDDEN)' }),
        },
      },
    },
    async (request) => {
      const page = await listOrders(deps, actorOf(request), request.query);
      return { items: page.items.map(toOrderView), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/v1/orders/:id',
    {
      ...signedIn,
      schema: {
        tags,
        security,
        summary: 'An order with its status history',
        params: OrderParams,
        response: { 200: OrderView, ...problemResponses(NO_ORDER) },
      },
    },
    async (request) => toOrderView(await getOrder(deps, actorOf(request), request.params.id)),
  );

  app.post(
    '/api/v1/orders/:id/cancel',
    {
      ...signedIn,
      schema: {
        tags,
        security,
        summary: 'Cancel a pending or confirmed order',
        params: OrderParams,
        response: {
          200: OrderView,
          ...problemResponses(NO_ORDER, {
            409: `The order is shipped or final: it cannot be cancelled (ORDER_NOT_CANCELLABLE), ${CHANGED}`,
          }),
        },
      },
    },
    async (request) => toOrderView(await cancelOrder(deps, actorOf(request), request.params.id, causeOf(request))),
  );

  app.post(
    '/api/v1/orders/:id/ship',
    {
      ...adminOnly,
      schema: {
        tags,
        security,
        summary: 'Mark a confirmed order shipped',
        params: OrderParams,
        response: {
          200: OrderView,
          ...problemResponses(403, NO_ORDER, {
            409: `The order is not confirmed (INVALID_STATUS_TRANSITION), ${CHANGED}`,
          }),
        },
      },
    },
    async (request) => toOrderView(await shipOrder(deps, actorOf(request), request.params.id, causeOf(request))),
  );

  app.post(
    '/api/v1/orders/:id/deliver',
    {
      ...adminOnly,
      schema: {
        tags,
        security,
        summary: 'Mark a shipped order delivered',
        params: OrderParams,
        response: {
          200: OrderView,
          ...problemResponses(403, NO_ORDER, {
            409: `The order is not shipped (INVALID_STATUS_TRANSITION), ${CHANGED}`,
          }),
        },
      },
    },
    async (request) => toOrderView(await deliverOrder(deps, actorOf(request), request.params.id, causeOf(request))),
  );
};
