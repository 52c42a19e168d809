import amqp from 'amqplib';
import { EVENTS_EXCHANGE } from '@shopwire/contracts';
import { queuesOf } from '@shopwire/messaging';
import { loadConfig, type ServiceApp } from '@shopwire/service-kit';
import { startTestIssuer, testEnv, unique, waitForReady, type TestIssuer } from '@shopwire/testing';
import { buildService } from '../../src/app';
import { config } from '../../src/config';
import { catalogConsumers } from '../../src/consumers';
import type { CatalogDeps } from '../../src/deps';

const RETRY_DELAYS_MS = [300, 1000];

export interface CatalogTestApp {
  app: ServiceApp;
  /** The models and store the app was built with. */
  deps: CatalogDeps;
  /** The app's own work queue: tests publish into it so that no other service sees their events. */
  queue: string;
  adminToken: string;
  customerToken: string;
  /** How many events of a type this app has handled (`consumed`) or recognised as already handled (`duplicate`). */
  eventCount(kind: 'consumed' | 'duplicate', type: string): Promise<number>;
  close(): Promise<void>;
}

/** Takes the test queue off the shared exchange, so this app reacts only to what the test sends it. */
async function isolateQueue(queue: string, types: string[]): Promise<void> {
  const connection = await amqp.connect(testEnv.amqpUrl);
  try {
    const channel = await connection.createChannel();
    for (const type of types) await channel.unbindQueue(queue, EVENTS_EXCHANGE, type);
  } finally {
    await connection.close();
  }
}

async function deleteQueues(service: string): Promise<void> {
  const q = queuesOf(service);
  const connection = await amqp.connect(testEnv.amqpUrl);
  try {
    const channel = await connection.createChannel();
    for (const name of [q.main, q.dlq, ...RETRY_DELAYS_MS.map((_, i) => q.retry(i + 1))])
      await channel.deleteQueue(name);
  } finally {
    await connection.close();
  }
}

/**
 * A catalog-service on the real store and broker with a database, queues and token issuer of its own.
 * `consumeEvents: false` for tests of the HTTP side only.
 */
export async function startCatalog(
  opts: { consumeEvents?: boolean; seedDemoCatalog?: boolean; env?: Record<string, string> } = {},
): Promise<CatalogTestApp> {
  const issuer: TestIssuer = await startTestIssuer();
  const service = unique('catalog-test');
  const consumeEvents = opts.consumeEvents ?? true;
  const env = {
    MONGO_URL: testEnv.mongoUrl,
    AMQP_URL: testEnv.amqpUrl,
    MONGO_DB: unique('catalog'),
    JWKS_URL: issuer.jwksUrl,
    LOG_LEVEL: 'silent',
    SEED_DEMO_CATALOG: String(opts.seedDemoCatalog ?? false),
    ...opts.env,
  };
  const { app, deps } = await buildService(loadConfig(config, env), {
    consumeEvents,
    messaging: { service, retryDelaysMs: RETRY_DELAYS_MS, outbox: { sweepIntervalMs: 500 } },
  });
  await waitForReady(app);
  await deps.ensureIndexes();
  if (consumeEvents) await isolateQueue(queuesOf(service).main, Object.keys(catalogConsumers(deps)));
  return {
    app,
    deps,
    queue: queuesOf(service).main,
    adminToken: await issuer.sign({ sub: unique('admin'), roles: ['admin', 'customer'] }),
    customerToken: await issuer.sign({ sub: unique('customer'), roles: ['customer'] }),
    async eventCount(kind, type) {
      const values = (await app.metrics.registry.getSingleMetric(`shopwire_events_${kind}_total`)?.get())?.values ?? [];
      return values.filter((v) => v.labels.type === type).reduce((sum, v) => sum + v.value, 0);
    },
    async close() {
      await app.mongo.db?.dropDatabase().catch(() => undefined);
      await app.close();
      await issuer.close();
      if (consumeEvents) await deleteQueues(service);
    },
  };
}
