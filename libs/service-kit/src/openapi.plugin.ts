import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';

export interface OpenApiOptions {
  title: string;
  version?: string;
  description?: string;
}

/** Where every service serves its own OpenAPI document; the gateway fetches these and merges them. */
export const OPENAPI_PATH = '/openapi.json';

/**
 * Documents every route registered after it from its TypeBox schemas (register it before the routes). Operations
 * that declare `security` use the `bearerAuth` scheme: an access token from user-service.
 */
export const openApiPlugin = fp(
  async (app, opts: OpenApiOptions) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: { title: opts.title, version: opts.version ?? '1.0.0', description: opts.description },
        components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      },
    });
    app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'shopwire-openapi' },
);
