import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import { AppError } from '@shopwire/service-kit';

export interface RateLimitOptions {
  windowMs: number;
  anonymousMax: number;
  userMax: number;
  /** Register and login, per client address. */
  credentialsMax: number;
  redisUrl?: string;
  keyPrefix: string;
}

const REDIS_READY_TIMEOUT_MS = 3000;

async function waitUntilReady(redis: Redis, log: FastifyBaseLogger): Promise<void> {
  if (redis.status === 'ready') return;
  const ready = once(redis, 'ready').then(
    () => true,
    () => false,
  );
  const timedOut = delay(REDIS_READY_TIMEOUT_MS, false, { ref: false });
  if (!(await Promise.race([ready, timedOut])))
    log.warn('redis not reachable at start-up; rate limits apply once it is');
}

const CREDENTIAL_ROUTES = new Set(['/api/v1/auth/login', '/api/v1/auth/register']);

function bucketOf(request: FastifyRequest): string {
  const path = (request.url.split('?', 1)[0] ?? '').replace(/\/$/, '');
  if (request.method === 'POST' && CREDENTIAL_ROUTES.has(path)) return `credentials:${request.ip}`;
  return request.user ? `user:${request.user.id}` : `address:${request.ip}`;
}

/**
 * Requests per window: per user once the edge has verified a token, per client address otherwise, and a much
 * smaller budget per address for the credential doors. Counters sit in Redis when configured (so replicas share
 * them); if Redis fails the gateway keeps serving rather than refuse everyone.
 */
export const rateLimitPlugin = fp(
  async (app, opts: RateLimitOptions) => {
    const redis = opts.redisUrl
      ? new Redis(opts.redisUrl, { connectTimeout: 1000, maxRetriesPerRequest: 1, enableOfflineQueue: false })
      : undefined;
    redis?.on('error', (err: Error) =>
      app.log.warn(
        { err: { message: err.message } },
        'redis unavailable; rate limits are not enforced until it returns',
      ),
    );
    app.addHook('onClose', async () => redis?.disconnect());
    // Without an offline queue, requests before the first connection would go uncounted: wait for it (briefly).
    if (redis) await waitUntilReady(redis, app.log);

    await app.register(rateLimit, {
      global: true,
      timeWindow: opts.windowMs,
      keyGenerator: bucketOf,
      max: async (_request, key) =>
        key.startsWith('credentials:')
          ? opts.credentialsMax
          : key.startsWith('user:')
            ? opts.userMax
            : opts.anonymousMax,
      redis,
      nameSpace: `${opts.keyPrefix}rate-limit:`,
      skipOnError: true,
      errorResponseBuilder: (_request, context) =>
        new AppError('Too Many Requests', {
          code: 'RATE_LIMITED',
          status: 429,
          detail: `Too many requests; retry in ${context.after}.`,
        }),
    });
  },
  { name: 'gateway-rate-limit', dependencies: ['shopwire-error-handler'] },
);
