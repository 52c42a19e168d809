import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '@shopwire/auth';
import { problemResponses } from '@shopwire/service-kit';
import { alsoBought, forUser } from '../../recommendations/recommendation-lists';
import type { Replica } from '../../recommendations/replica';
import { LimitQuerySchema, ProductParamsSchema, RecommendationsSchema, bearer } from './recommendations.schemas';

const notReady = { 503: 'This replica is still loading what customers bought (RECOMMENDATIONS_NOT_READY)' };

/** Both lists are answered from this replica's memory, without a store command. */
export const recommendationsRoutes: FastifyPluginAsyncTypebox<{ replica: Replica }> = async (app, { replica }) => {
  app.get(
    '/api/v1/products/:id/also-bought',
    {
      schema: {
        tags: ['recommendations'],
        summary:
          'Products customers bought together with this one (normalised co-purchase similarity), best sellers after them',
        params: ProductParamsSchema,
        querystring: LimitQuerySchema,
        response: {
          200: RecommendationsSchema,
          ...problemResponses(400, {
            404: 'No active product with this id known to the recommendations (PRODUCT_NOT_FOUND)',
            ...notReady,
          }),
        },
      },
    },
    async (request) => alsoBought(replica.current(), request.params.id, request.query.limit),
  );

  app.get(
    '/api/v1/recommendations/me',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['recommendations'],
        summary:
          'Products for the caller: like what they bought, never what they bought, at most 3 of a category in 10; best sellers for a new customer',
        security: bearer,
        querystring: LimitQuerySchema,
        response: { 200: RecommendationsSchema, ...problemResponses(400, 401, notReady) },
      },
    },
    async (request) => forUser(replica.current(), currentUser(request).id, request.query.limit),
  );
};
