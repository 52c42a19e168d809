import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { UserServiceDeps } from '../../deps';
import { Type, type Static } from '@sinclair/typebox';

const Base64Url = (maxLength: number) => Type.String({ maxLength, pattern: '^[A-Za-z0-9_-]+$' });

// The public members of the two kinds of signing key (RFC 7517, 7518, 8037); nothing private is ever published.
const PublicJwkSchema = Type.Object(
  {
    kty: Type.String({ enum: ['OKP', 'RSA'] }),
    kid: Type.String({ maxLength: 128 }),
    alg: Type.String({ enum: ['EdDSA', 'RS256'] }),
    use: Type.String({ enum: ['sig'] }),
    crv: Type.Optional(Type.String({ enum: ['Ed25519'] })),
    x: Type.Optional(Base64Url(64)),
    n: Type.Optional(Base64Url(2048)),
    e: Type.Optional(Base64Url(16)),
  },
  { additionalProperties: false },
);
// A rotation keeps a handful of keys at once; the bound is for clients, not a limit of the service.
const JwksSchema = Type.Object(
  { keys: Type.Array(PublicJwkSchema, { minItems: 1, maxItems: 100 }) },
  { additionalProperties: false },
);

export const jwksRoutes: FastifyPluginAsyncTypebox<{ deps: UserServiceDeps }> = async (app, { deps }) => {
  app.get(
    '/.well-known/jwks.json',
    { schema: { tags: ['auth'], summary: 'The public keys that verify access tokens', response: { 200: JwksSchema } } },
    async (_request, reply) => {
      // Short: verifiers refetch on an unknown kid anyway, and a retired key should disappear soon.
      reply.header('cache-control', 'public, max-age=60');
      // jose types kid, alg and use as optional; signingKeysFrom sets all three on every key it publishes.
      return deps.accessTokens.keys.publicSet as Static<typeof JwksSchema>;
    },
  );
};
