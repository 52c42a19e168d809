import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '@shopwire/auth';
import { INVALID_PAGE_QUERY, problemResponses } from '@shopwire/service-kit';
import type { NotificationServiceDeps } from '../../deps';
import { listNotifications, markRead } from '../../notifications/inbox';
import { IdParamsSchema, InboxItemSchema, ListQuerySchema, PageSchema, bearer } from './notifications.schemas';

export const notificationsRoutes: FastifyPluginAsyncTypebox<{ deps: NotificationServiceDeps }> = async (
  app,
  { deps },
) => {
  app.get(
    '/api/v1/notifications',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['notifications'],
        summary: 'Own in-app notifications, newest first',
        security: bearer,
        querystring: ListQuerySchema,
        response: { 200: PageSchema, ...problemResponses(INVALID_PAGE_QUERY) },
      },
    },
    async (request) => listNotifications(deps.models, currentUser(request).id, request.query),
  );

  app.post(
    '/api/v1/notifications/:id/read',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['notifications'],
        summary: 'Marks one of own notifications read',
        security: bearer,
        params: IdParamsSchema,
        response: {
          200: InboxItemSchema,
          ...problemResponses({ 404: 'No such in-app notification of the caller (NOTIFICATION_NOT_FOUND)' }),
        },
      },
    },
    async (request) => markRead(deps, currentUser(request).id, request.params.id),
  );
};
