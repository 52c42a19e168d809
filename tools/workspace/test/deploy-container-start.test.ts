import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createOwnVhost,
  freePort,
  startProcess,
  testEnv,
  unique,
  waitFor,
  type OwnVhost,
  type RunningProcess,
} from '@shopwire/testing';
import { APPS, interpolate, readCompose, readImage, root, type App } from './deploy-compose';

// Compose hostnames become this machine: the services on the ports picked here, MongoDB, RabbitMQ and Redis on theirs.
function localized(value: string, ports: Record<App, number>, vhost: OwnVhost): string {
  if (value.startsWith('mongodb://')) return testEnv.mongoUrl;
  if (value.startsWith('amqp://')) return vhost.amqpUrl;
  if (!/^[a-z]+:\/\//.test(value)) return value;
  const url = new URL(value);
  const app = APPS.find((name) => name === url.hostname);
  if (!app && !['redis', 'mailpit', 'jaeger'].includes(url.hostname)) return value;
  url.hostname = '127.0.0.1';
  if (app) url.port = String(ports[app]);
  return url.toString().replace(/\/$/, value.endsWith('/') ? '/' : '');
}

describe('each service started exactly as its container runs it', () => {
  const processes: Partial<Record<App, RunningProcess>> = {};
  let vhost: OwnVhost;
  beforeAll(async () => {
    vhost = await createOwnVhost();
  });
  afterAll(async () => {
    await Promise.all(Object.values(processes).map((p) => p?.stop('SIGTERM', 15000).catch(() => undefined)));
    await vhost?.remove();
  });

  it('when every service gets only its image ENV and its compose environment, then each becomes ready and the gateway sees all four', async () => {
    const compose = readCompose();
    const ports = Object.fromEntries(await Promise.all(APPS.map(async (app) => [app, await freePort()]))) as Record<
      App,
      number
    >;
    const run = unique('container');
    for (const app of APPS) {
      const image = readImage(app);
      const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
      for (const [name, raw] of Object.entries({ ...image.env, ...compose.services[app]?.environment }))
        env[name] = localized(interpolate(String(raw)), ports, vhost);
      env.PORT = String(ports[app]);
      // The test owns its data: its own databases and a temporary folder where the image has /app/.data.
      if (env.MONGO_DB) env.MONGO_DB = `${run}-${env.MONGO_DB}`;
      if (env.JWT_KEYS_DIR) env.JWT_KEYS_DIR = mkdtempSync(join(tmpdir(), 'shopwire-keys-'));
      // No exporter is listening in this test; the endpoint stays set so the export path runs, but goes nowhere.
      if (env.OTEL_EXPORTER_OTLP_ENDPOINT) env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${await freePort()}`;
      // The image's main.js starts the app's bundle; here the built bundle in dist/ is started directly.
      processes[app] = startProcess(process.execPath, [image.entry], { env, cwd: root });
    }

    const output = () => APPS.map((app) => `--- ${app}\n${processes[app]?.output().slice(-1500)}`).join('\n');
    for (const app of APPS) {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${ports[app]}/health/ready`)).status === 200, {
        timeoutMs: 60000,
        description: `${app} to be ready`,
      }).catch((error: Error) => {
        throw new Error(`${error.message}\n${output()}`);
      });
    }
    const gateway = await fetch(`http://127.0.0.1:${ports['api-gateway']}/health`);
    expect(await gateway.json()).toMatchObject({
      status: 'ready',
      checks: { 'user-service': 'up', 'catalog-service': 'up', 'order-service': 'up', 'notification-service': 'up' },
    });
  });
});
