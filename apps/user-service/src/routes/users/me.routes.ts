import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { UserServiceDeps } from '../../deps';
import { Type } from '@sinclair/typebox';
import { currentUser } from '@shopwire/auth';
import { problemResponses } from '@shopwire/service-kit';
import { MAX_ADDRESSES } from '../../models/user.model';
import { deleteAccount, getProfile, updateProfile } from '../../users/profile';
import { addAddress, listAddresses, removeAddress } from '../../users/addresses';
import { AddressInputSchema, AddressListSchema, AddressSchema, bearer, NameSchema, UserSchema } from './users.schemas';

const tags = ['users'];
// An access token stays valid for its few minutes after its account is deleted.
const GONE = { 404: 'The caller’s account no longer exists (USER_NOT_FOUND)' };

/** The caller's own account: profile and delivery addresses. */
export const meRoutes: FastifyPluginAsyncTypebox<{ deps: UserServiceDeps }> = async (app, { deps }) => {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/api/v1/users/me',
    {
      schema: {
        tags,
        summary: 'My profile',
        security: bearer,
        response: { 200: UserSchema, ...problemResponses(GONE) },
      },
    },
    async (request) => getProfile(deps, currentUser(request).id),
  );

  app.patch(
    '/api/v1/users/me',
    {
      schema: {
        tags,
        summary: 'Change my name',
        security: bearer,
        body: Type.Object({ name: Type.Optional(NameSchema) }, { additionalProperties: false }),
        response: { 200: UserSchema, ...problemResponses(GONE) },
      },
    },
    async (request) => updateProfile(deps, currentUser(request).id, request.body, { correlationId: request.id }),
  );

  app.delete(
    '/api/v1/users/me',
    {
      schema: {
        tags,
        summary: 'Delete my account (anonymised; every login ends)',
        security: bearer,
        response: { 204: Type.Null(), ...problemResponses(GONE) },
      },
    },
    async (request, reply) => {
      await deleteAccount(deps, currentUser(request).id, { correlationId: request.id });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/users/me/addresses',
    {
      schema: {
        tags,
        summary: 'My delivery addresses',
        security: bearer,
        response: { 200: AddressListSchema, ...problemResponses(GONE) },
      },
    },
    async (request) => ({ items: await listAddresses(deps, currentUser(request).id) }),
  );

  app.post(
    '/api/v1/users/me/addresses',
    {
      schema: {
        tags,
        summary: 'Add a delivery address',
        security: bearer,
        body: AddressInputSchema,
        response: {
          201: AddressSchema,
          ...problemResponses(GONE, {
            409: `The account keeps ${MAX_ADDRESSES} addresses already (TOO_MANY_ADDRESSES), or they changed at the same moment and the request may be retried (ADDRESSES_CHANGED)`,
          }),
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await addAddress(deps, currentUser(request).id, request.body, { correlationId: request.id })),
  );

  app.delete(
    '/api/v1/users/me/addresses/:id',
    {
      schema: {
        tags,
        summary: 'Remove a delivery address',
        security: bearer,
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: {
          204: Type.Null(),
          ...problemResponses({
            404: 'The caller has no such address (ADDRESS_NOT_FOUND), or the account no longer exists (USER_NOT_FOUND)',
          }),
        },
      },
    },
    async (request, reply) => {
      await removeAddress(deps, currentUser(request).id, request.params.id, { correlationId: request.id });
      return reply.code(204).send(null);
    },
  );
};
