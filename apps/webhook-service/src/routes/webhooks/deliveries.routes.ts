import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemResponses } from '@shopwire/service-kit';
import type { WebhookServiceDeps } from '../../deps';
import { deliveryView, listDeliveries, requeueDelivery } from '../../webhooks/deliveries';
import {
  DeliveryIdParamsSchema,
  DeliveryPageSchema,
  DeliverySchema,
  IdParamsSchema,
  PageQuerySchema,
  adminBearer,
} from './webhooks.schemas';

export const deliveriesRoutes: FastifyPluginAsyncTypebox<{ deps: WebhookServiceDeps }> = async (app, { deps }) => {
  const admin = [app.authenticate, app.requireRole('admin')];
  const base = { tags: ['webhooks'], security: adminBearer };

  app.get(
    '/api/v1/webhooks/endpoints/:id/deliveries',
    {
      onRequest: admin,
      schema: {
        ...base,
        summary: 'The endpoint’s delivery log, newest first: event, attempts, last status and latency, next attempt',
        params: IdParamsSchema,
        querystring: PageQuerySchema,
        response: {
          200: DeliveryPageSchema,
          ...problemResponses(400, 401, 403, { 404: 'No webhook endpoint with this id (WEBHOOK_ENDPOINT_NOT_FOUND)' }),
        },
      },
    },
    async (request) =>
      listDeliveries(
        deps,
        request.params.id,
        request.query.limit,
        request.query.cursor === undefined ? undefined : Number(request.query.cursor),
      ),
  );

  app.post(
    '/api/v1/webhooks/deliveries/:id/retry',
    {
      onRequest: admin,
      schema: {
        ...base,
        summary: 'One more attempt of a delivery, now',
        params: DeliveryIdParamsSchema,
        response: {
          202: DeliverySchema,
          ...problemResponses(401, 403, {
            404: 'No delivery with this id (WEBHOOK_DELIVERY_NOT_FOUND)',
            409: 'Its endpoint is disabled or deleted (WEBHOOK_ENDPOINT_DISABLED)',
          }),
        },
      },
    },
    async (request, reply) => {
      deps.dispatcher.keepDue(request.params.id);
      const delivery = await requeueDelivery(deps, request.params.id, deps.dispatcher.leaseMs);
      deps.dispatcher.dispatch(delivery._id);
      return reply.code(202).send(deliveryView(delivery));
    },
  );
};
