import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { UserServiceDeps } from '../../deps';
import { Type } from '@sinclair/typebox';
import { currentUser } from '@shopwire/auth';
import { INVALID_PAGE_QUERY, problemResponses } from '@shopwire/service-kit';
import { changeRoles, listUsers } from '../../users/administration';
import { bearer, PageQuerySchema, RolesSchema, UserPageSchema, UserSchema } from './users.schemas';

const tags = ['users (admin)'];

export const adminRoutes: FastifyPluginAsyncTypebox<{ deps: UserServiceDeps }> = async (app, { deps }) => {
  app.addHook('onRequest', app.authenticate);
  app.addHook('onRequest', app.requireRole('admin'));

  app.get(
    '/api/v1/users',
    {
      schema: {
        tags,
        summary: 'Every live account, newest first',
        security: bearer,
        querystring: PageQuerySchema,
        response: { 200: UserPageSchema, ...problemResponses(INVALID_PAGE_QUERY, 403) },
      },
    },
    async (request) => listUsers(deps, request.query),
  );

  app.patch(
    '/api/v1/users/:id/roles',
    {
      schema: {
        tags,
        summary:
          "Grant or revoke roles: at once, the user's tokens issued before are refused (401 TOKEN_REVOKED) and a refresh gets the new roles",
        security: bearer,
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        body: Type.Object({ roles: RolesSchema }, { additionalProperties: false }),
        response: {
          200: UserSchema,
          ...problemResponses(403, {
            404: 'No such live account (USER_NOT_FOUND)',
            409: 'An admin cannot revoke their own admin role (CANNOT_REVOKE_OWN_ADMIN)',
          }),
        },
      },
    },
    async (request) =>
      changeRoles(deps, currentUser(request).id, request.params.id, request.body.roles, { correlationId: request.id }),
  );
};
