import { createRemoteJWKSet, jwtVerify, errors } from 'jose';

export interface AuthenticatedUser {
  id: string;
  roles: string[];
}

export interface TokenVerifierOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
}

export type TokenVerifier = (token: string) => Promise<AuthenticatedUser>;

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

// Only asymmetric algorithms: `none` and HS* (a public key used as an HMAC secret) never verify.
export const ACCEPTED_ALGORITHMS = ['EdDSA', 'RS256'];

/**
 * Verifies access tokens against the issuer's JWKS. Keys are cached; an unknown `kid` refetches the set (at most
 * once a second), so a rotated key is accepted without a restart.
 */
export function createTokenVerifier(opts: TokenVerifierOptions): TokenVerifier {
  const jwks = createRemoteJWKSet(new URL(opts.jwksUrl), { cooldownDuration: 1000, cacheMaxAge: 10 * 60 * 1000, timeoutDuration: 3000 });
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer: opts.issuer, audience: opts.audience, algorithms: ACCEPTED_ALGORITHMS, requiredClaims: ['sub', 'exp'] });
      const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
      if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new InvalidTokenError('token has no subject');
      return { id: payload.sub, roles };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      if (error instanceof errors.JWKSTimeout || (error as { code?: string }).code === 'ERR_JWKS_TIMEOUT') throw error;
      if (error instanceof errors.JOSEError) throw new InvalidTokenError(error.code);
      if (error instanceof TypeError) throw new InvalidTokenError('malformed token');
      throw error;
    }
  };
}
