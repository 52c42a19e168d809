import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';

/**
 * The optional Redis connection for counters every replica shares; undefined without a URL (the process counts on
 * its own). Commands fail fast while it is down (no offline queue) so callers fall back.
 */
export function connectRedis(url: string | undefined, log: FastifyBaseLogger): Redis | undefined {
  if (!url) return undefined;
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    lazyConnect: false,
  });
  redis.on('error', (err: Error) => log.warn({ err: { message: err.message } }, 'redis unavailable'));
  return redis;
}
