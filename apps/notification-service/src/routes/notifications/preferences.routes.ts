import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '@shopwire/auth';
import { problemResponses } from '@shopwire/service-kit';
import type { NotificationServiceDeps } from '../../deps';
import { getPreferences, setPreferences } from '../../notifications/preferences';
import { PreferencesSchema, bearer } from './notifications.schemas';

export const preferencesRoutes: FastifyPluginAsyncTypebox<{ deps: NotificationServiceDeps }> = async (
  app,
  { deps },
) => {
  const schema = { tags: ['notifications'], security: bearer, response: { 200: PreferencesSchema } };

  app.get(
    '/api/v1/notifications/preferences',
    { onRequest: app.authenticate, schema: { ...schema, summary: 'Own channel preferences' } },
    async (request) => getPreferences(deps, currentUser(request).id),
  );

  app.put(
    '/api/v1/notifications/preferences',
    {
      onRequest: app.authenticate,
      schema: {
        ...schema,
        summary: 'Replaces own channel preferences',
        body: PreferencesSchema,
        response: {
          ...schema.response,
          ...problemResponses({ 404: 'The caller’s account no longer exists (USER_NOT_FOUND)' }),
        },
      },
    },
    async (request) => setPreferences(deps, currentUser(request).id, request.body),
  );
};
