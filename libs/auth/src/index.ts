export { authConfig, tokenClaimsConfig } from './auth-config';
export { authPlugin, bearerToken, currentUser } from './auth.plugin';
export type { AuthPluginOptions } from './auth.plugin';
export {
  createTokenVerifier,
  createLocalTokenVerifier,
  InvalidTokenError,
  KeySetUnavailableError,
  ACCEPTED_ALGORITHMS,
} from './token-verifier';
export type { AuthenticatedUser, TokenVerifier, TokenVerifierOptions, TokenClaimsOptions } from './token-verifier';
export { RevokedAccess, LONGEST_TOKEN_LIFETIME_MS } from './revoked-access';
export type { AccessRevocation } from './revoked-access';
