import fp from 'fastify-plugin';
import { createCatalogStore, type CatalogStore } from '../models/catalog';

declare module 'fastify' {
  interface FastifyInstance {
    catalog: CatalogStore;
  }
}

/** The catalog's models on the service's store; indexes are built as soon as the store answers. */
export const catalogStorePlugin = fp(
  async (app, opts: { reservationExpiryMs: number }) => {
    const store = createCatalogStore(app.store, opts);
    app.decorate('catalog', store);
    app.addHook('onReady', async () => {
      store.ensureIndexes().catch((err: Error) => app.log.warn({ err: { message: err.message } }, 'catalog indexes not built yet'));
      store.expiries.ensureIndexes().catch((err: Error) => app.log.warn({ err: { message: err.message } }, 'reservation expiry index not built yet'));
    });
  },
  { name: 'catalog-store', dependencies: ['shopwire-mongo'] },
);
