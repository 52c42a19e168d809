import { type MessagingPluginOptions, registerEventService } from '@shopwire/messaging';
import { createServer, openApiPlugin, type ServiceApp } from '@shopwire/service-kit';
import type { DestinationStream } from 'pino';
import type { CatalogServiceConfig } from './config';
import { catalogConsumers } from './consumers';
import { buildDeps, type CatalogDeps } from './deps';
import { categoriesRoutes } from './routes/categories/categories.routes';
import { productsRoutes } from './routes/products/products.routes';
import { searchIndexPlugin } from './search/search-index.plugin';
import { demoSeedPlugin } from './seed/demo-seed.plugin';
import { reservationExpiryPlugin } from './stock/reservation-expiry.plugin';

export interface BuildOptions {
  logStream?: DestinationStream;
  /** Tests give each app queues of its own and short retry delays. */
  messaging?: Partial<MessagingPluginOptions>;
  /** false builds the HTTP side only, with no consumer taking events off the shared exchange. */
  consumeEvents?: boolean;
}

/** The app and the deps it was built with (tests reach the models through them). */
export async function buildService(
  config: CatalogServiceConfig,
  opts: BuildOptions = {},
): Promise<{ app: ServiceApp; deps: CatalogDeps }> {
  const app = createServer({ service: 'catalog-service', logLevel: config.LOG_LEVEL, logStream: opts.logStream });
  await registerEventService(app, config, {
    name: 'catalog-service',
    jobs: true,
    messaging: { service: 'catalog', role: 'catalog', ...opts.messaging },
  });

  const deps = buildDeps(app, config);
  // Built as soon as the store answers, never on a request's path.
  app.addHook('onReady', async () => {
    deps
      .ensureIndexes()
      .catch((err: Error) => app.log.warn({ err: { message: err.message } }, 'catalog indexes not built yet'));
    deps.expiries
      .ensureIndexes()
      .catch((err: Error) => app.log.warn({ err: { message: err.message } }, 'reservation expiry index not built yet'));
  });
  await app.register(searchIndexPlugin, { deps });
  await app.register(openApiPlugin, {
    title: 'Shopwire catalog-service',
    description: 'Products, categories, and the stock behind orders.',
  });
  await app.register(productsRoutes, { deps });
  await app.register(categoriesRoutes, { deps });

  app.messaging.relayOutbox(deps.Product);
  app.messaging.relayOutbox(deps.Reservation);
  if (opts.consumeEvents !== false) app.messaging.consume(catalogConsumers(deps));
  await app.register(reservationExpiryPlugin, { deps });
  if (config.SEED_DEMO_CATALOG) await app.register(demoSeedPlugin, { deps });
  return { app, deps };
}

export async function buildApp(config: CatalogServiceConfig, opts: BuildOptions = {}): Promise<ServiceApp> {
  return (await buildService(config, opts)).app;
}
