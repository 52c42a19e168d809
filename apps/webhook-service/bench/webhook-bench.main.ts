// Bench figure 8: deliveries per second to a local receiver, and publish-to-delivery latency at 100 events/s.
// The service runs as its own built process; the receiver answers 204 at once and verifies nothing, so the figure
// is webhook-service's (consume, store, sign, send, record), not the partner's. Prints one JSON object.
// usage: node tools/loadgen/run-ts.mjs apps/webhook-service/bench/webhook-bench.main.ts [--burst=3000] [--seconds=5]
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { join } from 'node:path';
import amqp from 'amqplib';
import mongoose from 'mongoose';
import { createEvent } from '@shopwire/contracts';
import { createOwnVhost, freePort, startProcess, startTestIssuer, testEnv, unique, waitFor, waitForReady } from '@shopwire/testing';

const root = join(__dirname, '..', '..');
const arg = (name: string, fallback: number): number => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const BURST = arg('burst', 3000);
const RATE = 100;
const RATE_SECONDS = arg('seconds', 5);
const LANE = '16';

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function main(): Promise<void> {
  const vhost = await createOwnVhost();
  const issuer = await startTestIssuer();
  const arrived = new Map<string, number>();
  const receiver = createServer((req, res) => {
    const id = String(req.headers['webhook-id']);
    req.resume();
    req.on('end', () => {
      if (!arrived.has(id)) arrived.set(id, performance.now());
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(receiver.address() as { port: number }).port}`;
  const db = unique('webhooks-bench');
  const port = await freePort();
  const service = startProcess(process.execPath, [join(root, 'dist', 'apps', 'webhook-service', 'main.js')], {
    cwd: root,
    env: { PORT: String(port), LOG_LEVEL: 'warn', MONGO_URL: testEnv.mongoUrl, MONGO_DB: db, AMQP_URL: vhost.amqpUrl, JWKS_URL: issuer.jwksUrl, WEBHOOK_ALLOWED_HOSTS: host, WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT: LANE },
  });
  const connection = await amqp.connect(vhost.amqpUrl);
  try {
    await waitForReady(`http://127.0.0.1:${port}`, 30000, 'webhook-service to be ready');
    const token = await issuer.sign({ sub: 'bench-admin', roles: ['admin'] });
    const created = await fetch(`http://127.0.0.1:${port}/api/v1/webhooks/endpoints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `http://${host}/hooks`, eventTypes: ['order.confirmed'] }),
    });
    if (created.status !== 201) throw new Error(`creating the endpoint: ${created.status}`);
    const channel = await connection.createConfirmChannel();
    const sent = new Map<string, number>();
    const publishOne = (): void => {
      const event = createEvent('order.confirmed', { orderId: randomUUID(), userId: randomUUID(), total: { amount: 1299, currency: 'EUR' } }, { source: 'bench', correlationId: randomUUID() });
      sent.set(event.id, performance.now());
      channel.publish('shopwire.events', event.type, Buffer.from(JSON.stringify(event)), { persistent: true, messageId: event.id, type: event.type, contentType: 'application/json' });
    };

    // Warm-up: the first deliveries build the service's indexes and connections.
    for (let i = 0; i < 50; i++) publishOne();
    await channel.waitForConfirms();
    await waitFor(() => arrived.size >= 50, { timeoutMs: 60000, description: 'the warm-up deliveries' });

    arrived.clear();
    sent.clear();
    const burstStart = performance.now();
    for (let i = 0; i < BURST; i++) publishOne();
    await channel.waitForConfirms();
    await waitFor(() => arrived.size >= BURST, { timeoutMs: 300000, intervalMs: 50, description: `${BURST} deliveries` });
    const burstSeconds = (Math.max(...arrived.values()) - burstStart) / 1000;

    arrived.clear();
    sent.clear();
    const total = RATE * RATE_SECONDS;
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      publishOne();
    }
    await channel.waitForConfirms();
    await waitFor(() => arrived.size >= total, { timeoutMs: 120000, intervalMs: 50, description: `${total} deliveries at ${RATE}/s` });
    const latencies = [...sent].map(([id, at]) => (arrived.get(id) ?? NaN) - at).sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        setup: `one endpoint on a local receiver answering 204, WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT=${LANE}, service as its own process, FerretDB and RabbitMQ on the same cores`,
        burst: { deliveries: BURST, seconds: Number(burstSeconds.toFixed(2)), deliveriesPerSecond: Math.round(BURST / burstSeconds) },
        fixedRate: { eventsPerSecond: RATE, events: total, p50Ms: Number(percentile(latencies, 50).toFixed(1)), p99Ms: Number(percentile(latencies, 99).toFixed(1)), maxMs: Number((latencies.at(-1) ?? NaN).toFixed(1)) },
      }),
    );
  } finally {
    await connection.close().catch(() => undefined);
    await service.stop('SIGTERM', 12000).catch(() => undefined);
    receiver.closeAllConnections();
    receiver.close();
    await issuer.close();
    await vhost.remove();
    const store = await mongoose.createConnection(testEnv.mongoUrl, { dbName: db }).asPromise();
    await store.dropDatabase().catch(() => undefined);
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
