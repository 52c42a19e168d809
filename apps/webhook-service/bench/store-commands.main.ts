// Bench figure 8, the why: the store commands webhook-service sends per delivery, counted by the driver's command
// monitoring while `--events` events (one endpoint, a local receiver answering 204) are stored, sent and recorded,
// once all at once and once one by one. Prints one JSON object.
// usage: node tools/loadgen/run-ts.mjs apps/webhook-service/bench/store-commands.main.ts [--events=200] [--own-store]
import amqp from 'amqplib';
import mongoose from 'mongoose';
import { loadConfig } from '@shopwire/service-kit';
import { recordStoreCommands, unique, waitFor, waitForReady } from '@shopwire/testing';
import { buildApp } from '../src/app';
import { config } from '../src/config';
import { DELIVERIES_DUE } from '../src/deps';
import { benchEvent, benchSetup, publishOn, runBench } from './bench-setup';

const EVENTS = Number(process.argv.find((a) => a.startsWith('--events='))?.split('=')[1] ?? 200);

async function main(): Promise<void> {
  const setup = await benchSetup('webhooks-commands');
  const { arrived, host, issuer } = setup;
  const env = {
    MONGO_URL: setup.mongoUrl,
    MONGO_DB: setup.db,
    AMQP_URL: setup.vhost.amqpUrl,
    JWKS_URL: issuer.jwksUrl,
    LOG_LEVEL: 'silent',
    WEBHOOK_ALLOWED_HOSTS: host,
    WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT: '16',
  };
  const app = await buildApp(loadConfig(config, env), { messaging: { service: unique('webhook-commands') } });
  const connection = await amqp.connect(setup.vhost.amqpUrl);
  // Watches the due-list on a connection of its own, so the watching is not counted.
  const watcher = await mongoose.createConnection(setup.mongoUrl, { dbName: setup.db }).asPromise();
  try {
    await app.ready();
    await waitForReady(app);
    const channel = await connection.createConfirmChannel();
    const token = await issuer.sign({ sub: 'bench-admin', roles: ['admin'] });
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/webhooks/endpoints',
      headers: { authorization: `Bearer ${token}` },
      payload: { url: `http://${host}/hooks`, eventTypes: ['order.confirmed'] },
    });
    if (created.statusCode !== 201) throw new Error(`creating the endpoint: ${created.statusCode}`);
    const log = recordStoreCommands(app.mongo.getClient(), { dbName: setup.db });

    const count = async (
      name: string,
      publish: (events: ReturnType<typeof benchEvent>[]) => Promise<void>,
    ): Promise<Record<string, number>> => {
      const events = Array.from({ length: EVENTS }, benchEvent);
      log.clear();
      await publish(events);
      await waitFor(() => events.every((e) => arrived.has(e.id)), {
        timeoutMs: 120000,
        intervalMs: 20,
        description: `${name}: every delivery`,
      });
      // The delivered ones' due entries are dropped in a batch within a quarter second.
      await waitFor(async () => (await watcher.collection(DELIVERIES_DUE).countDocuments()) === 0, {
        timeoutMs: 30000,
        intervalMs: 50,
        description: 'the due entries dropped',
      });
      const byKind: Record<string, number> = {};
      for (const c of log.commands)
        byKind[`${c.name} ${c.collection}`] = (byKind[`${c.name} ${c.collection}`] ?? 0) + 1;
      const perDelivery = Object.entries(byKind)
        .sort()
        .map(([kind, n]) => [kind, Number((n / EVENTS).toFixed(3))]);
      return { total: Number((log.commands.length / EVENTS).toFixed(3)), ...Object.fromEntries(perDelivery) };
    };
    const allAtOnce = await count('all at once', async (events) => {
      for (const e of events) publishOn(channel, e);
      await channel.waitForConfirms();
    });
    const oneByOne = await count('one by one', async (events) => {
      for (const e of events) {
        publishOn(channel, e);
        await waitFor(() => arrived.has(e.id), { timeoutMs: 10000, intervalMs: 2, description: 'the delivery' });
      }
    });
    log.stop();
    console.log(JSON.stringify({ events: EVENTS, storeCommandsPerDelivery: { allAtOnce, oneByOne } }));
  } finally {
    await connection.close().catch(() => undefined);
    await watcher.close();
    await app.close();
    await setup.close();
  }
}

runBench(main);
