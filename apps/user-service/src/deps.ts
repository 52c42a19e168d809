import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { AggregateStore } from '@shopwire/service-kit';
import { connectRedis } from './adapters/redis';
import type { AccessTokenSettings } from './auth/access-tokens';
import { createLoginThrottle, type LoginThrottle } from './auth/login-throttle';
import type { UserServiceConfig } from './config';
import type { SigningKeys } from './keys/signing-keys';
import { emailKeyModel, type EmailKeyModel } from './models/email-key.model';
import { sessionModel, type SessionModel } from './models/session.model';
import { userModel, type UserModel } from './models/user.model';

export interface UserServiceModels {
  users: UserModel;
  emails: EmailKeyModel;
  sessions: SessionModel;
}

/** Everything the use cases need, built once in app.ts and passed to each of them. */
export interface UserServiceDeps {
  /** Every read and write of one document on a request's path goes through here, by `_id` (SPEC section 9). */
  store: AggregateStore;
  models: UserServiceModels;
  /** Shared login counters; undefined when REDIS_URL is not set. */
  redis: Redis | undefined;
  throttle: LoginThrottle;
  accessTokens: AccessTokenSettings;
  refreshTokenTtlSeconds: number;
}

export interface DepsSources {
  config: UserServiceConfig;
  keys: SigningKeys;
  mongo: Connection;
  store: AggregateStore;
  log: FastifyBaseLogger;
}

export function buildDeps({ config, keys, mongo, store, log }: DepsSources): UserServiceDeps {
  const redis = connectRedis(config.REDIS_URL, log);
  return {
    store,
    models: { users: userModel(mongo), emails: emailKeyModel(mongo), sessions: sessionModel(mongo) },
    redis,
    throttle: createLoginThrottle({
      maxFailuresPerAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerAddress: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowSeconds: config.LOGIN_THROTTLE_WINDOW_SECONDS,
      redis,
      keyPrefix: config.REDIS_KEY_PREFIX,
    }),
    accessTokens: {
      keys,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    },
    refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
  };
}
