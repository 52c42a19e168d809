import { createServer, openApiPlugin, type ServiceApp } from '@shopwire/service-kit';
import { type MessagingPluginOptions, registerEventService } from '@shopwire/messaging';
import type { DestinationStream } from 'pino';
import type { Resolve } from './adapters/partner-http/target-guard';
import type { WebhookServiceConfig } from './config';
import { webhookConsumers } from './consumers';
import { buildDeps, type WebhookServiceDeps } from './deps';
import { deliveriesRoutes } from './routes/webhooks/deliveries.routes';
import { endpointsRoutes } from './routes/webhooks/endpoints.routes';
import { payloadsOpenApi } from './routes/webhooks/payloads.openapi';
import { deliverySweep } from './webhooks/delivery-sweep';

export interface BuildOptions {
  logStream?: DestinationStream;
  /** Tests give each app queues of its own (`service`), or share them between replicas. */
  messaging?: Partial<MessagingPluginOptions>;
  /** Name resolution for the SSRF checks (tests resolve names of their own; the system's DNS otherwise). */
  resolve?: Resolve;
}

/** The app and the dependencies its routes, consumer and sweep were given. */
export interface WebhookService {
  app: ServiceApp;
  deps: WebhookServiceDeps;
}

export async function buildService(config: WebhookServiceConfig, opts: BuildOptions = {}): Promise<WebhookService> {
  const app = createServer({ service: 'webhook-service', logLevel: config.LOG_LEVEL, logStream: opts.logStream });
  await registerEventService(app, config, {
    name: 'webhook-service',
    jobs: true,
    messaging: { service: 'webhook', role: 'webhook', ...opts.messaging },
  });
  await app.register(openApiPlugin, {
    title: 'Shopwire webhook-service',
    description:
      'Partners’ endpoints for signed webhooks (Standard Webhooks) of order and product events, their delivery log and retries; `webhooks` shows what partners receive.',
  });
  await app.register(payloadsOpenApi);

  const deps = buildDeps({
    config,
    mongo: app.mongo,
    store: app.store,
    log: app.log,
    registry: app.metrics.registry,
    resolve: opts.resolve,
  });
  // An endpoint the service disables carries webhook.endpoint.disabled in its outbox.
  app.messaging.relayOutbox(deps.models.endpoints);
  // The sweep's query uses the dueAt index on MongoDB; a store not up yet is no reason to refuse to start.
  app.addHook(
    'onReady',
    async () =>
      void deps.due
        .ensureIndexes()
        .catch((error: Error) => app.log.warn({ err: { message: error.message } }, 'due-list index not built')),
  );
  // The endpoints are loaded at start (or at the first event when the store comes later) and followed from then on.
  app.addHook('onReady', async () =>
    deps.directory
      .start(config.WEBHOOK_ENDPOINTS_POLL_MS)
      .catch((error: Error) => app.log.warn({ err: { message: error.message } }, 'endpoints not loaded yet')),
  );
  app.addHook('onClose', async () => {
    deps.directory.stop();
    await deps.dispatcher.close();
  });
  app.messaging.consume(webhookConsumers(deps));
  app.jobs.add(deliverySweep(deps, { everyMs: config.WEBHOOK_SWEEP_EVERY_MS }));

  await app.register(endpointsRoutes, { deps });
  await app.register(deliveriesRoutes, { deps });
  return { app, deps };
}

export async function buildApp(config: WebhookServiceConfig, opts: BuildOptions = {}): Promise<ServiceApp> {
  return (await buildService(config, opts)).app;
}
