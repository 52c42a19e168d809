import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import { withServiceProblems, withSharedProblem } from './problem-responses';

export interface OpenApiOptions {
  title: string;
  version?: string;
  description?: string;
}

/** Where every service serves its own OpenAPI document; the gateway fetches these and merges them. */
export const OPENAPI_PATH = '/openapi.json';

/** The access tokens of user-service, as every service and the gateway verify them (libs/auth). */
export const BEARER_AUTH_SCHEME = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description:
    'An access token from POST /api/v1/auth/login: a signed JWT (JWS) verified as RFC8725 recommends — only the asymmetric ' +
    "algorithms EdDSA and RS256 (never `none` or HMAC), keys from the issuer's JWKS by `kid`, and issuer, audience, " +
    'subject and expiry always checked. Short-lived; renew it with POST /api/v1/auth/refresh.',
} as const;

/**
 * Documents every route registered after it from its TypeBox schemas (register it before the routes). Operations
 * that declare `security` use the `bearerAuth` scheme: an access token from user-service. Every operation that
 * documents its answers also lists the error statuses the kit answers for it (withServiceProblems), each a reference
 * to the one Problem schema of the document.
 */
export const openApiPlugin = fp(
  async (app, opts: OpenApiOptions) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: { title: opts.title, version: opts.version ?? '1.0.0', description: opts.description },
        components: { securitySchemes: { bearerAuth: BEARER_AUTH_SCHEME } },
      },
      // A route without response schemas keeps the swagger plugin's default answer (and says nothing true of it).
      transform: ({ schema, url }) => ({
        schema: schema?.response && !schema.hide ? withServiceProblems(schema) : schema,
        url,
      }),
      // Only OpenAPI 3 is configured here, never Swagger 2.
      transformObject: (document) =>
        'openapiObject' in document ? withSharedProblem(document.openapiObject) : document.swaggerObject,
    });
    app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'shopwire-openapi' },
);
