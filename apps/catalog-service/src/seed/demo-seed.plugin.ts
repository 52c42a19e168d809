import fp from 'fastify-plugin';
import type { CatalogDeps } from '../deps';
import { seedDemoCatalog } from './seed-demo-catalog';

const MAX_BACKOFF_MS = 5000;

/** Seeds the demo catalog once the store answers, without holding up the start (the store may still be coming up). */
export const demoSeedPlugin = fp(
  async (app, { deps }: { deps: CatalogDeps }) => {
    let closing = false;
    let retryTimer: NodeJS.Timeout | undefined;
    const attempt = async (n: number): Promise<void> => {
      try {
        const added = await seedDemoCatalog(deps);
        app.log.info({ added }, 'demo catalog ready');
      } catch (err) {
        if (closing) return;
        app.log.warn({ err: { message: (err as Error).message } }, 'demo catalog not seeded yet, retrying');
        retryTimer = setTimeout(() => void attempt(n + 1), Math.min(MAX_BACKOFF_MS, 250 * 2 ** n));
      }
    };
    app.addHook('onReady', async () => {
      void attempt(0);
    });
    app.addHook('onClose', async () => {
      closing = true;
      clearTimeout(retryTimer);
    });
  },
  { name: 'catalog-demo-seed', dependencies: ['shopwire-messaging'] },
);
