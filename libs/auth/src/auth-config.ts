import { Type } from '@sinclair/typebox';

/** What a valid access token must say: the issuer signs with these, every verifier checks them. */
export function tokenClaimsConfig() {
  return {
    JWT_ISSUER: Type.String({ default: 'shopwire', minLength: 1 }),
    JWT_AUDIENCE: Type.String({ default: 'shopwire-api', minLength: 1 }),
  };
}

/** Where the public keys are and what a valid token must say; the same for the gateway and every service. */
export function authConfig() {
  return {
    JWKS_URL: Type.String({ default: 'http://127.0.0.1:3001/.well-known/jwks.json', pattern: '^https?://' }),
    ...tokenClaimsConfig(),
  };
}
