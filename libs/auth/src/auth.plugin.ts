import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { AppError, forbidden, unauthorized } from '@shopwire/service-kit';
import { RevokedAccess } from './revoked-access';
import {
  createTokenVerifier,
  InvalidTokenError,
  type AuthenticatedUser,
  type TokenVerifier,
  type TokenVerifierOptions,
} from './token-verifier';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * A valid Bearer access token or 401; sets request.user. Route it as an onRequest hook (`onRequest:
     * app.authenticate`), so a request without a valid token is refused before its body is read or validated.
     */
    authenticate: onRequestAsyncHookHandler;
    /** onRequest hook for routes open to anyone: no Authorization header is fine, an invalid token is still 401. */
    identify: onRequestAsyncHookHandler;
    /** onRequest hook after authenticate: the user holds the role or 403, also before the body. */
    requireRole(role: string): onRequestAsyncHookHandler;
    verifyToken: TokenVerifier;
    /** Revoked access (deleted accounts, changed roles): fed from the `user.access` stream, checked after the signature. */
    revokedAccess: RevokedAccess;
  }
  interface FastifyRequest {
    user: AuthenticatedUser | undefined;
  }
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [scheme, token, extra] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && token && extra === undefined ? token : undefined;
}

/** The authenticated user of a request that passed `authenticate`. */
export function currentUser(request: FastifyRequest): AuthenticatedUser {
  if (!request.user) throw unauthorized('AUTHENTICATION_REQUIRED', 'A valid access token is required.');
  return request.user;
}

/**
 * Either where the keys are, or a ready verifier (the issuer verifies its own tokens with the keys it holds); and
 * the revocations to check, when the process follows them (see `followAccessRevocations`).
 */
export type AuthPluginOptions = (TokenVerifierOptions | { verifier: TokenVerifier }) & {
  revokedAccess?: RevokedAccess;
};

export const authPlugin = fp(
  async (app, opts: AuthPluginOptions) => {
    const verify = 'verifier' in opts ? opts.verifier : createTokenVerifier(opts);
    const revoked = opts.revokedAccess ?? new RevokedAccess();
    app.decorate('verifyToken', verify);
    app.decorate('revokedAccess', revoked);
    app.decorateRequest('user', undefined);

    const verifyBearer = async (request: FastifyRequest, token: string): Promise<void> => {
      let user: AuthenticatedUser;
      try {
        user = await verify(token);
      } catch (error) {
        if (error instanceof InvalidTokenError) throw unauthorized('INVALID_TOKEN', 'The access token is not valid.');
        throw new AppError('Service Unavailable', {
          code: 'AUTH_UNAVAILABLE',
          status: 503,
          detail: 'Tokens cannot be verified right now.',
          cause: error,
        });
      }
      if (revoked.isRevoked(user))
        throw unauthorized(
          'TOKEN_REVOKED',
          'The access token was revoked: the account was deleted or its roles changed. Log in again.',
        );
      request.user = user;
    };

    app.decorate('authenticate', async function authenticate(request: FastifyRequest, _reply: FastifyReply) {
      const token = bearerToken(request);
      if (!token) throw unauthorized('AUTHENTICATION_REQUIRED', 'A valid access token is required.');
      await verifyBearer(request, token);
    });

    app.decorate('identify', async function identify(request: FastifyRequest, _reply: FastifyReply) {
      if (request.headers.authorization === undefined) return;
      const token = bearerToken(request);
      if (!token) throw unauthorized('INVALID_TOKEN', 'The access token is not valid.');
      await verifyBearer(request, token);
    });

    app.decorate('requireRole', (role: string) => async (request: FastifyRequest) => {
      if (!currentUser(request).roles.includes(role))
        throw forbidden('FORBIDDEN', `This operation needs the ${role} role.`);
    });
  },
  { name: 'shopwire-auth' },
);
