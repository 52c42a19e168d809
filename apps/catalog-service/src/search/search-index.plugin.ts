import fp from 'fastify-plugin';
import type { CatalogDeps } from '../deps';
import { searchFeed } from './search-feed';

/** How long the first build waits for the feed's queue, so that no change falls between the read and the binding. */
const FEED_WAIT_MS = 2000;

/**
 * Runs the catalog's search index (`search-index.ts`): the replica is not ready until it is built; the product and
 * stock events of every replica (`search-feed.ts`) keep it current, and each (re)subscription builds it again.
 */
export const searchIndexPlugin = fp(
  async (app, { deps }: { deps: CatalogDeps }) => {
    const search = deps.search;
    const feed = searchFeed({
      apply: search.apply,
      // Changes made while this replica had no queue bound reach it only through the store.
      onSubscribed: () => {
        if (search.hasStarted()) search.build();
      },
      onError: (err, what) => app.log.warn({ err: { message: err.message } }, what),
    });
    app.broker.onConnected((model) => feed.subscribe(model));
    app.readiness.add('search-index', () => search.isReady());

    let closing = false;
    app.addHook('onReady', async () => {
      // The first build starts once the queue is bound (or after FEED_WAIT_MS without a broker: it rebuilds when bound).
      void feed.firstSubscription(FEED_WAIT_MS).then(() => {
        if (!closing) search.build();
      });
    });
    app.addHook('onClose', async () => {
      closing = true;
      search.close();
      await feed.close();
    });
  },
  { name: 'catalog-search-index', dependencies: ['shopwire-broker', 'shopwire-health'] },
);
