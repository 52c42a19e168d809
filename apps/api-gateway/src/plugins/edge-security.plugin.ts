import fp from 'fastify-plugin';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';

/** Security headers on every answer, and cross-origin browser calls only from the configured origins. */
export const edgeSecurityPlugin = fp(
  async (app, opts: { corsOrigins: string[] }) => {
    await app.register(helmet, { global: true });
    await app.register(cors, {
      origin: opts.corsOrigins.length > 0 ? opts.corsOrigins : false,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-match', 'x-request-id'],
      exposedHeaders: [
        'x-request-id',
        'etag',
        'location',
        'retry-after',
        'x-ratelimit-limit',
        'x-ratelimit-remaining',
        'x-ratelimit-reset',
      ],
      maxAge: 600,
    });
  },
  { name: 'gateway-edge-security' },
);
