export { authConfig, tokenClaimsConfig } from './auth-config';
export { authPlugin, bearerToken, currentUser } from './auth.plugin';
export type { AuthPluginOptions } from './auth.plugin';
export { createTokenVerifier, createLocalTokenVerifier, InvalidTokenError, KeySetUnavailableError, ACCEPTED_ALGORITHMS } from './token-verifier';
export type { AuthenticatedUser, TokenVerifier, TokenVerifierOptions, TokenClaimsOptions } from './token-verifier';
