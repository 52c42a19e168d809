import { authPlugin } from '@shopwire/auth';
import { brokerPlugin, followStream, messagingPlugin, type MessagingPluginOptions } from '@shopwire/messaging';
import { createServer, jobsPlugin, mongoPlugin, openApiPlugin, type ServiceApp } from '@shopwire/service-kit';
import type { DestinationStream } from 'pino';
import type { OrderServiceConfig } from './config';
import { orderEventHandlers } from './consumers/order-event-handlers';
import { addOrderJobs } from './jobs/order-jobs';
import { addressBookModel } from './models/address-book.model';
import { catalogProductModel } from './models/catalog-product.model';
import { orderDeadlines } from './models/order-deadline.model';
import { buildOrderIndexes, orderModel } from './models/order.model';
import type { OrderDeps } from './orders/order-deps';
import { createPaymentProvider } from './payments/payment-providers';
import { orderRoutes } from './routes/orders/orders.routes';
import { reportRoutes } from './routes/reports/reports.routes';

export interface BuildOptions {
  logStream?: DestinationStream;
  /** Tests give each app queues of its own and short retry delays. */
  messaging?: Partial<MessagingPluginOptions>;
}

export async function buildApp(config: OrderServiceConfig, opts: BuildOptions = {}): Promise<ServiceApp> {
  const app = createServer({ service: 'order-service', logLevel: config.LOG_LEVEL, logStream: opts.logStream });
  await app.register(mongoPlugin, { url: config.MONGO_URL, dbName: config.MONGO_DB });
  await app.register(jobsPlugin);
  await app.register(brokerPlugin, { url: config.AMQP_URL, connectionName: 'order-service' });
  await app.register(messagingPlugin, { service: 'order', ...opts.messaging });
  await app.register(authPlugin, { jwksUrl: config.JWKS_URL, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE });
  // Deleted accounts and changed roles end the tokens already issued, on every replica.
  followStream(app.broker, 'user.access', (event) => app.revokedAccess.applyEvent(event), app.log);
  await app.register(openApiPlugin, { title: 'Shopwire order-service', description: 'Orders, payment and the sales report.' });

  const orders = orderModel(app.mongo);
  const deps: OrderDeps = {
    orders,
    products: catalogProductModel(app.mongo),
    addressBooks: addressBookModel(app.mongo),
    payments: createPaymentProvider(config.PAYMENT_PROVIDER, app.mongo),
    store: app.store,
    deadlines: orderDeadlines(app.mongo),
    pendingDeadlineMs: config.ORDER_PENDING_DEADLINE_MS,
  };
  // Built once at start-up (the lists and the report use them), never on a request's path.
  const closing = new AbortController();
  app.addHook('onReady', async () => {
    void buildOrderIndexes(orders, closing.signal, (err) => app.log.warn({ err: { message: err.message } }, 'order indexes not built yet; retrying'));
  });
  addOrderJobs(app, deps, config);
  app.addHook('onClose', async () => closing.abort());
  app.messaging.relayOutbox(orders);
  app.messaging.consume(orderEventHandlers(deps));
  await app.register(orderRoutes, { deps });
  await app.register(reportRoutes, { orders });
  return app;
}
