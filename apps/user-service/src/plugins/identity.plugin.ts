import fp from 'fastify-plugin';
import { authPlugin, createLocalTokenVerifier } from '@shopwire/auth';
import { followStream } from '@shopwire/messaging';
import type { Identity } from '../identity';
import type { UserServiceConfig } from '../config';
import { createLoginThrottle } from '../auth/login-throttle';
import type { SigningKeys } from '../keys/signing-keys';
import { emailKeyModel } from '../models/email-key.model';
import { sessionModel } from '../models/session.model';
import { userModel } from '../models/user.model';

declare module 'fastify' {
  interface FastifyInstance {
    identity: Identity;
    signingKeys: SigningKeys;
  }
}

/**
 * The identity context (models, token settings, login throttle) and the verification of access tokens: this
 * service verifies its own tokens with the keys it holds, never over HTTP.
 */
export const identityPlugin = fp(
  async (app, opts: { config: UserServiceConfig; keys: SigningKeys }) => {
    const { config, keys } = opts;
    const users = userModel(app.mongo);
    app.messaging.relayOutbox(users);
    app.decorate('signingKeys', keys);
    app.decorate<Identity>('identity', {
      store: app.store,
      users,
      emails: emailKeyModel(app.mongo),
      sessions: sessionModel(app.mongo),
      accessTokens: { keys, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS },
      refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
      throttle: createLoginThrottle({
        maxFailuresPerAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
        maxFailuresPerAddress: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
        windowSeconds: config.LOGIN_THROTTLE_WINDOW_SECONDS,
        redis: app.redis,
        keyPrefix: config.REDIS_KEY_PREFIX,
      }),
    });
    await app.register(authPlugin, { verifier: createLocalTokenVerifier({ keys: keys.publicSet, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE }) });
    // Its own routes too: a deleted account's or a demoted admin's token is refused here as everywhere.
    followStream(app.broker, 'user.access', (event) => app.revokedAccess.applyEvent(event), app.log);
  },
  { name: 'user-identity', dependencies: ['shopwire-mongo', 'shopwire-messaging', 'user-redis'] },
);
