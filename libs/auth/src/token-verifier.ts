import {
  createLocalJWKSet,
  createRemoteJWKSet,
  jwtVerify,
  errors,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import { VerifiedTokenCache } from './verified-token-cache';

export interface AuthenticatedUser {
  id: string;
  roles: string[];
  /** The account's access version when the token was issued (claim `av`; 0 in tokens issued before it existed). */
  accessVersion: number;
}

export interface TokenClaimsOptions {
  issuer: string;
  audience: string;
}

export interface TokenVerifierOptions extends TokenClaimsOptions {
  jwksUrl: string;
  /** How long fetched keys are used before the set is fetched again (an unknown `kid` refetches sooner). */
  cacheMaxAgeMs?: number;
}

export type TokenVerifier = (token: string) => Promise<AuthenticatedUser>;

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

/** The key set cannot be fetched and none was fetched before: the token can be neither accepted nor refused. */
export class KeySetUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the JSON Web Key Set cannot be fetched', { cause });
    this.name = 'KeySetUnavailableError';
  }
}

// Only asymmetric algorithms: `none` and HS* (a public key used as an HMAC secret) never verify.
export const ACCEPTED_ALGORITHMS = ['EdDSA', 'RS256'];

// What the token itself got wrong when looking up its key, as opposed to the key set being unreachable.
const isTokenFault = (error: unknown): boolean =>
  error instanceof errors.JWKSNoMatchingKey ||
  error instanceof errors.JWKSMultipleMatchingKeys ||
  error instanceof errors.JOSENotSupported;

/**
 * The issuer's keys over HTTP. Cached; an unknown `kid` refetches the set (at most once a second) so a rotated key
 * is accepted without a restart; when the issuer cannot be reached, the keys fetched last keep verifying.
 */
function remoteKeySet(opts: TokenVerifierOptions): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(new URL(opts.jwksUrl), {
    cooldownDuration: 1000,
    cacheMaxAge: opts.cacheMaxAgeMs ?? 10 * 60 * 1000,
    timeoutDuration: 3000,
  });
  let stale: { from: string; keys: JWTVerifyGetKey } | undefined;
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      if (isTokenFault(error)) throw error;
      const lastGood = remote.jwks();
      if (!lastGood) throw new KeySetUnavailableError(error);
      const from = JSON.stringify(lastGood);
      if (stale?.from !== from) stale = { from, keys: createLocalJWKSet(lastGood) };
      return stale.keys(header, token);
    }
  };
}

function verifierFor(keys: JWTVerifyGetKey, opts: TokenClaimsOptions): TokenVerifier {
  const cache = new VerifiedTokenCache();
  return async (token) => {
    const cached = cache.get(token);
    if (cached) return cached;
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: opts.issuer,
        audience: opts.audience,
        algorithms: ACCEPTED_ALGORITHMS,
        requiredClaims: ['sub', 'exp'],
      });
      const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
      if (typeof payload.sub !== 'string' || payload.sub.length === 0)
        throw new InvalidTokenError('token has no subject');
      // Shared through the cache, so nobody may change it.
      const accessVersion =
        typeof payload.av === 'number' && Number.isSafeInteger(payload.av) && payload.av >= 0 ? payload.av : 0;
      const user: AuthenticatedUser = Object.freeze({
        id: payload.sub,
        roles: Object.freeze(roles) as string[],
        accessVersion,
      });
      cache.set(token, user, (payload.exp as number) * 1000);
      return user;
    } catch (error) {
      if (error instanceof InvalidTokenError || error instanceof KeySetUnavailableError) throw error;
      if (error instanceof errors.JWKSTimeout || (error as { code?: string }).code === 'ERR_JWKS_TIMEOUT')
        throw new KeySetUnavailableError(error);
      if (error instanceof errors.JOSEError) throw new InvalidTokenError(error.code);
      if (error instanceof TypeError) throw new InvalidTokenError('malformed token');
      throw error;
    }
  };
}

/** Verifies access tokens against the issuer's JWKS, fetched over HTTP: what the gateway and the services use. */
export function createTokenVerifier(opts: TokenVerifierOptions): TokenVerifier {
  return verifierFor(remoteKeySet(opts), opts);
}

/** Verifies access tokens against keys held in memory: what the issuer itself uses for its own routes. */
export function createLocalTokenVerifier(opts: TokenClaimsOptions & { keys: JSONWebKeySet }): TokenVerifier {
  return verifierFor(createLocalJWKSet(opts.keys), opts);
}
