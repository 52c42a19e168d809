import { authPlugin } from '@shopwire/auth';
import { brokerPlugin, followStream, messagingPlugin, type MessagingPluginOptions } from '@shopwire/messaging';
import { createServer, jobsPlugin, mongoPlugin, openApiPlugin, type ServiceApp } from '@shopwire/service-kit';
import type { DestinationStream } from 'pino';
import type { CatalogServiceConfig } from './config';
import { catalogConsumers } from './consumers/catalog.consumers';
import { catalogStorePlugin } from './plugins/catalog-store.plugin';
import { demoSeedPlugin } from './plugins/demo-seed.plugin';
import { reservationExpiryPlugin } from './stock/reservation-expiry.plugin';
import { categoriesRoutes } from './routes/categories/categories.routes';
import { searchIndexPlugin } from './search/search-index.plugin';
import { productsRoutes } from './routes/products/products.routes';

export interface BuildOptions {
  logStream?: DestinationStream;
  /** Tests give each app queues of its own and short retry delays. */
  messaging?: Partial<MessagingPluginOptions>;
  /** false builds the HTTP side only, with no consumer taking events off the shared exchange. */
  consumeEvents?: boolean;
}

export async function buildApp(config: CatalogServiceConfig, opts: BuildOptions = {}): Promise<ServiceApp> {
  const app = createServer({ service: 'catalog-service', logLevel: config.LOG_LEVEL, logStream: opts.logStream });
  await app.register(mongoPlugin, { url: config.MONGO_URL, dbName: config.MONGO_DB });
  await app.register(jobsPlugin);
  await app.register(brokerPlugin, { url: config.AMQP_URL, connectionName: 'catalog-service' });
  await app.register(messagingPlugin, { service: 'catalog', role: 'catalog', ...opts.messaging });
  await app.register(authPlugin, { jwksUrl: config.JWKS_URL, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE });
  // Deleted accounts and changed roles end the tokens already issued, on every replica.
  followStream(app.broker, 'user.access', (event) => app.revokedAccess.applyEvent(event), app.log);
  await app.register(catalogStorePlugin, { reservationExpiryMs: config.RESERVATION_EXPIRY_MS });
  await app.register(searchIndexPlugin);
  await app.register(openApiPlugin, { title: 'Shopwire catalog-service', description: 'Products, categories, and the stock behind orders.' });
  await app.register(productsRoutes);
  await app.register(categoriesRoutes);

  app.messaging.relayOutbox(app.catalog.Product);
  app.messaging.relayOutbox(app.catalog.Reservation);
  if (opts.consumeEvents !== false) app.messaging.consume(catalogConsumers(app));
  await app.register(reservationExpiryPlugin);
  if (config.SEED_DEMO_CATALOG) await app.register(demoSeedPlugin);
  return app;
}
