import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { UserServiceDeps } from '../../deps';
import { Type } from '@sinclair/typebox';
import { Int32, clientAddress, problemResponses } from '@shopwire/service-kit';
import { login } from '../../auth/login';
import { register } from '../../auth/register';
import { endSession, refreshSession } from '../../auth/sessions';
import { MAX_ACCESS_TOKEN_TTL_SECONDS } from '../../config';
import { EmailSchema, NameSchema, UserSchema } from '../users/users.schemas';

const tags = ['auth'];
const PasswordSchema = Type.String({ minLength: 8, maxLength: 128 });
// Strings only, so {"$gt": ""} or any other object is a 400 before it could reach a query.
const CredentialsSchema = Type.Object(
  { email: EmailSchema, password: Type.String({ minLength: 1, maxLength: 128 }) },
  { additionalProperties: false },
);
// Refresh tokens go out and come back (refresh, logout) within this length.
const REFRESH_TOKEN_MAX = 200;
const RefreshBodySchema = Type.Object(
  { refreshToken: Type.String({ minLength: 1, maxLength: REFRESH_TOKEN_MAX }) },
  { additionalProperties: false },
);
const TokenPairSchema = Type.Object(
  {
    accessToken: Type.String({
      maxLength: 4096,
      pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$',
      description: 'a compact JWS',
    }),
    refreshToken: Type.String({
      maxLength: REFRESH_TOKEN_MAX,
      description: 'opaque; spent by refresh, revoked by logout',
    }),
    tokenType: Type.Literal('Bearer'),
    expiresIn: Int32(1, MAX_ACCESS_TOKEN_TTL_SECONDS, { description: 'seconds the access token is valid' }),
  },
  { additionalProperties: false },
);

export const authRoutes: FastifyPluginAsyncTypebox<{ deps: UserServiceDeps; gatewaySecret?: string }> = async (
  app,
  { deps, gatewaySecret },
) => {
  app.post(
    '/api/v1/auth/register',
    {
      schema: {
        tags,
        summary: 'Create a customer account',
        body: Type.Object(
          { email: EmailSchema, password: PasswordSchema, name: NameSchema },
          { additionalProperties: false },
        ),
        response: { 201: UserSchema, ...problemResponses({ 409: 'An account with this email exists (EMAIL_TAKEN)' }) },
      },
    },
    async (request, reply) => reply.code(201).send(await register(deps, request.body, { correlationId: request.id })),
  );

  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags,
        summary: 'Exchange email and password for tokens; repeated failures answer 429 with Retry-After',
        body: CredentialsSchema,
        response: {
          200: TokenPairSchema,
          ...problemResponses({
            401: 'The email or the password is not correct (INVALID_CREDENTIALS)',
            429: 'Too many failed logins for this account or from this address (TOO_MANY_LOGIN_ATTEMPTS); Retry-After says when to try again',
          }),
        },
      },
    },
    async (request) => login(deps, request.body, clientAddress(request, gatewaySecret)),
  );

  app.post(
    '/api/v1/auth/refresh',
    {
      schema: {
        tags,
        summary: 'Spend a refresh token for a new pair; a spent token revokes its whole login',
        body: RefreshBodySchema,
        response: {
          200: TokenPairSchema,
          ...problemResponses({
            401: 'The refresh token is unknown, spent, revoked or expired, or its account is deleted (INVALID_REFRESH_TOKEN)',
          }),
        },
      },
    },
    async (request) => refreshSession(deps, request.body.refreshToken),
  );

  app.post(
    '/api/v1/auth/logout',
    {
      schema: {
        tags,
        summary: 'Revoke the login of a refresh token',
        body: RefreshBodySchema,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await endSession(deps, request.body.refreshToken);
      return reply.code(204).send(null);
    },
  );
};
