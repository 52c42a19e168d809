import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

export const jwksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/.well-known/jwks.json', { schema: { tags: ['auth'], summary: 'The public keys that verify access tokens' } }, async (_request, reply) => {
    // Short: verifiers refetch on an unknown kid anyway, and a retired key should disappear soon.
    reply.header('cache-control', 'public, max-age=60');
    return app.signingKeys.publicSet;
  });
};
