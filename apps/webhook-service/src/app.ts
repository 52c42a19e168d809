import { createServer, jobsPlugin, listFrom, mongoPlugin, openApiPlugin, type ServiceApp } from '@shopwire/service-kit';
import { authPlugin } from '@shopwire/auth';
import { brokerPlugin, followStream, messagingPlugin, type MessagingPluginOptions } from '@shopwire/messaging';
import type { mongo } from 'mongoose';
import type { DestinationStream } from 'pino';
import type { WebhookServiceConfig } from './config';
import { deliverEventToEndpoints } from './consumers';
import { dueListOn, modelsOn } from './models';
import { deliveriesRoutes } from './routes/webhooks/deliveries.routes';
import { endpointsRoutes } from './routes/webhooks/endpoints.routes';
import { payloadsOpenApi } from './routes/webhooks/payloads.openapi';
import type { Delivery } from './models/delivery.model';
import { DeliveryLog } from './webhooks/delivery-log';
import { deliverySweep } from './webhooks/delivery-sweep';
import { Dispatcher } from './webhooks/dispatcher';
import { EndpointDirectory } from './webhooks/endpoint-directory';
import { groupedInsert } from './webhooks/grouped-writes';
import { createTargetGuard, type Resolve } from './webhooks/target-guard';

export interface BuildOptions {
  logStream?: DestinationStream;
  /** Tests give each app queues of its own (`service`), or share them between replicas. */
  messaging?: Partial<MessagingPluginOptions>;
  /** Name resolution for the SSRF checks (tests resolve names of their own; the system's DNS otherwise). */
  resolve?: Resolve;
}

export async function buildApp(config: WebhookServiceConfig, opts: BuildOptions = {}): Promise<ServiceApp> {
  const app = createServer({ service: 'webhook-service', logLevel: config.LOG_LEVEL, logStream: opts.logStream });
  await app.register(mongoPlugin, { url: config.MONGO_URL, dbName: config.MONGO_DB });
  await app.register(jobsPlugin);
  await app.register(brokerPlugin, { url: config.AMQP_URL, connectionName: 'webhook-service' });
  await app.register(messagingPlugin, { service: 'webhook', role: 'webhook', retryDelaysMs: listFrom(config.EVENT_RETRY_DELAYS_MS).map(Number), ...opts.messaging });
  await app.register(authPlugin, { jwksUrl: config.JWKS_URL, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE });
  // Deleted accounts and changed roles end the tokens already issued, on every replica.
  followStream(app.broker, 'user.access', (event) => app.revokedAccess.applyEvent(event), app.log);
  await app.register(openApiPlugin, { title: 'Shopwire webhook-service', description: 'Partners’ endpoints for signed webhooks (Standard Webhooks) of order and product events, their delivery log and retries; `webhooks` shows what partners receive.' });
  await app.register(payloadsOpenApi);

  const guard = createTargetGuard({ allowedHosts: listFrom(config.WEBHOOK_ALLOWED_HOSTS), resolve: opts.resolve });
  const stored = { store: app.store, models: modelsOn(app.mongo), due: dueListOn(app.mongo) };
  const data = { ...stored, directory: new EndpointDirectory(stored, app.log) };
  // An endpoint the service disables carries webhook.endpoint.disabled in its outbox.
  app.messaging.relayOutbox(data.models.endpoints);
  const dispatcher = new Dispatcher(data, {
    guard,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    maxInFlightPerEndpoint: config.WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT,
    retryScheduleMs: listFrom(config.WEBHOOK_RETRY_SCHEDULE_MS).map(Number),
    retryJitter: config.WEBHOOK_RETRY_JITTER,
    disableAfterMs: config.WEBHOOK_DISABLE_AFTER_MS,
    log: app.log,
    registry: app.metrics.registry,
  });
  // The sweep's query uses the dueAt index on MongoDB; a store not up yet is no reason to refuse to start.
  app.addHook('onReady', async () => void data.due.ensureIndexes().catch((error: Error) => app.log.warn({ err: { message: error.message } }, 'due-list index not built')));
  // The endpoints are loaded at start (or at the first event when the store comes later) and followed from then on.
  app.addHook('onReady', async () => data.directory.start(config.WEBHOOK_ENDPOINTS_POLL_MS).catch((error: Error) => app.log.warn({ err: { message: error.message } }, 'endpoints not loaded yet')));
  app.addHook('onClose', async () => {
    data.directory.stop();
    await dispatcher.close();
  });
  const deliveryLog = new DeliveryLog(data);
  const insertDelivery = groupedInsert(() => data.models.deliveries.collection as unknown as mongo.Collection<Delivery>);
  app.messaging.consume(deliverEventToEndpoints({ ...data, dispatcher, deliveryLog, insertDelivery }));
  app.jobs.add(deliverySweep({ ...data, dispatcher }, { everyMs: config.WEBHOOK_SWEEP_EVERY_MS }));

  const deps = { ...data, dispatcher, deliveryLog, guard, secretOverlapMs: config.WEBHOOK_SECRET_OVERLAP_MS };
  await app.register(endpointsRoutes, deps);
  await app.register(deliveriesRoutes, deps);
  return app;
}
