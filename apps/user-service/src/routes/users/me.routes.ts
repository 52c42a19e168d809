import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { currentUser } from '@shopwire/auth';
import { deleteAccount, getProfile, updateProfile } from '../../users/profile';
import { addAddress, listAddresses, removeAddress } from '../../users/addresses';
import { AddressInputSchema, AddressListSchema, AddressSchema, bearer, NameSchema, UserSchema } from './users.schemas';

const tags = ['users'];

/** The caller's own account: profile and delivery addresses. */
export const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.authenticate);

  app.get('/api/v1/users/me', { schema: { tags, summary: 'My profile', security: bearer, response: { 200: UserSchema } } }, async (request) =>
    getProfile(app.identity, currentUser(request).id));

  app.patch('/api/v1/users/me', {
    schema: { tags, summary: 'Change my name', security: bearer, body: Type.Object({ name: Type.Optional(NameSchema) }, { additionalProperties: false }), response: { 200: UserSchema } },
  }, async (request) => updateProfile(app.identity, currentUser(request).id, request.body, { correlationId: request.id }));

  app.delete('/api/v1/users/me', { schema: { tags, summary: 'Delete my account (anonymised; every login ends)', security: bearer, response: { 204: Type.Null() } } }, async (request, reply) => {
    await deleteAccount(app.identity, currentUser(request).id, { correlationId: request.id });
    return reply.code(204).send(null);
  });

  app.get('/api/v1/users/me/addresses', { schema: { tags, summary: 'My delivery addresses', security: bearer, response: { 200: AddressListSchema } } }, async (request) =>
    ({ items: await listAddresses(app.identity, currentUser(request).id) }));

  app.post('/api/v1/users/me/addresses', { schema: { tags, summary: 'Add a delivery address', security: bearer, body: AddressInputSchema, response: { 201: AddressSchema } } }, async (request, reply) =>
    reply.code(201).send(await addAddress(app.identity, currentUser(request).id, request.body, { correlationId: request.id })));

  app.delete('/api/v1/users/me/addresses/:id', {
    schema: { tags, summary: 'Remove a delivery address', security: bearer, params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await removeAddress(app.identity, currentUser(request).id, request.params.id, { correlationId: request.id });
    return reply.code(204).send(null);
  });
};
