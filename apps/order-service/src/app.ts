import { type MessagingPluginOptions, registerEventService } from '@shopwire/messaging';
import { createServer, openApiPlugin, type ServiceApp } from '@shopwire/service-kit';
import type { DestinationStream } from 'pino';
import type { OrderServiceConfig } from './config';
import { orderConsumers } from './consumers';
import { buildDeps } from './deps';
import { addOrderJobs } from './jobs/order-jobs';
import { buildOrderIndexes } from './orders/order-indexes';
import { orderRoutes } from './routes/orders/orders.routes';
import { reportRoutes } from './routes/reports/reports.routes';

export interface BuildOptions {
  logStream?: DestinationStream;
  /** Tests give each app queues of its own and short retry delays. */
  messaging?: Partial<MessagingPluginOptions>;
}

export async function buildApp(config: OrderServiceConfig, opts: BuildOptions = {}): Promise<ServiceApp> {
  const app = createServer({ service: 'order-service', logLevel: config.LOG_LEVEL, logStream: opts.logStream });
  await registerEventService(app, config, {
    name: 'order-service',
    jobs: true,
    messaging: { service: 'order', ...opts.messaging },
  });
  await app.register(openApiPlugin, {
    title: 'Shopwire order-service',
    description: 'Orders, payment and the sales report.',
  });

  const deps = buildDeps(app, config);
  // Built once at start-up (the lists and the report use them), never on a request's path.
  const closing = new AbortController();
  app.addHook('onReady', async () => {
    void buildOrderIndexes(deps.orders, closing.signal, (err) =>
      app.log.warn({ err: { message: err.message } }, 'order indexes not built yet; retrying'),
    );
  });
  addOrderJobs(app, deps, config);
  app.addHook('onClose', async () => closing.abort());
  app.messaging.relayOutbox(deps.orders);
  app.messaging.consume(orderConsumers(deps));
  await app.register(orderRoutes, { deps });
  await app.register(reportRoutes, { deps });
  return app;
}
