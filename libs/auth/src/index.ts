export { authConfig } from './auth-config';
export { authPlugin, bearerToken, currentUser } from './auth.plugin';
export { createTokenVerifier, InvalidTokenError, ACCEPTED_ALGORITHMS } from './token-verifier';
export type { AuthenticatedUser, TokenVerifier, TokenVerifierOptions } from './token-verifier';
