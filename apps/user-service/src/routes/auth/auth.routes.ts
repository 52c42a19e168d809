import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { login } from '../../auth/login';
import { register } from '../../auth/register';
import { endSession, refreshSession } from '../../auth/sessions';
import { EmailSchema, NameSchema, UserSchema } from '../users/users.schemas';

const tags = ['auth'];
const PasswordSchema = Type.String({ minLength: 8, maxLength: 128 });
// Strings only, so {"$gt": ""} or any other object is a 400 before it could reach a query.
const CredentialsSchema = Type.Object({ email: EmailSchema, password: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false });
const RefreshBodySchema = Type.Object({ refreshToken: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
const TokenPairSchema = Type.Object(
  { accessToken: Type.String(), refreshToken: Type.String(), tokenType: Type.Literal('Bearer'), expiresIn: Type.Integer({ description: 'seconds the access token is valid' }) },
  { additionalProperties: false },
);

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/v1/auth/register', {
    schema: { tags, summary: 'Create a customer account', body: Type.Object({ email: EmailSchema, password: PasswordSchema, name: NameSchema }, { additionalProperties: false }), response: { 201: UserSchema } },
  }, async (request, reply) => reply.code(201).send(await register(app.identity, request.body, { correlationId: request.id })));

  app.post('/api/v1/auth/login', {
    schema: { tags, summary: 'Exchange email and password for tokens; repeated failures answer 429 with Retry-After', body: CredentialsSchema, response: { 200: TokenPairSchema } },
  }, async (request) => login(app.identity, request.body, request.ip));

  app.post('/api/v1/auth/refresh', {
    schema: { tags, summary: 'Spend a refresh token for a new pair; a spent token revokes its whole login', body: RefreshBodySchema, response: { 200: TokenPairSchema } },
  }, async (request) => refreshSession(app.identity, request.body.refreshToken));

  app.post('/api/v1/auth/logout', {
    schema: { tags, summary: 'Revoke the login of a refresh token', body: RefreshBodySchema, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await endSession(app.identity, request.body.refreshToken);
    return reply.code(204).send(null);
  });
};
