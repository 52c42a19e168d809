import fp from 'fastify-plugin';
import { Redis } from 'ioredis';

declare module 'fastify' {
  interface FastifyInstance {
    /** Shared counters; undefined when REDIS_URL is not set and the process counts on its own. */
    redis: Redis | undefined;
  }
}

/** The optional Redis connection. Commands fail fast while it is down (no offline queue) so callers fall back. */
export const redisPlugin = fp(
  async (app, opts: { url?: string }) => {
    if (!opts.url) {
      app.decorate('redis', undefined);
      return;
    }
    const redis = new Redis(opts.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: false });
    redis.on('error', (err: Error) => app.log.warn({ err: { message: err.message } }, 'redis unavailable'));
    app.decorate('redis', redis);
    app.addHook('onClose', async () => {
      redis.disconnect();
    });
  },
  { name: 'user-redis' },
);
