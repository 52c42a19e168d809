// Bench figure 8: deliveries per second to a local receiver, and publish-to-delivery latency at 100 events/s.
// The service runs as its own built process; the receiver answers 204 at once and verifies nothing, so the figure
// is webhook-service's (consume, store, sign, send, record), not the partner's. Prints one JSON object.
// usage: node tools/loadgen/run-ts.mjs apps/webhook-service/bench/webhook-bench.main.ts [--burst=3000] [--seconds=5] [--own-store]
// (--own-store: a fresh FerretDB of its own, as `npm run bench` gives it, instead of MONGO_URL's store)
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import { freePort, startProcess, waitFor, waitForReady } from '@shopwire/testing';
import { benchEvent, benchSetup, publishOn, runBench } from './bench-setup';

const root = join(__dirname, '..', '..');
const arg = (name: string, fallback: number): number =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const BURST = arg('burst', 3000);
const RATE = 100;
const RATE_SECONDS = arg('seconds', 5);
const LANE = '16';

/** CPU seconds a process has used (user + system), from /proc; undefined where there is none. */
const cpuSeconds = (pid: number | undefined): number | undefined => {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
};
/** CPU milliseconds per delivery between two readings. */
const cpuMsPer = (before: number | undefined, after: number | undefined, count: number): number | undefined =>
  before === undefined || after === undefined ? undefined : Number((((after - before) * 1000) / count).toFixed(2));

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function main(): Promise<void> {
  const setup = await benchSetup('webhooks-bench');
  const { arrived, host, issuer, ownStore } = setup;
  const port = await freePort();
  const service = startProcess(process.execPath, [join(root, 'dist', 'apps', 'webhook-service', 'main.js')], {
    cwd: root,
    env: {
      PORT: String(port),
      LOG_LEVEL: 'warn',
      MONGO_URL: setup.mongoUrl,
      MONGO_DB: setup.db,
      AMQP_URL: setup.vhost.amqpUrl,
      JWKS_URL: issuer.jwksUrl,
      WEBHOOK_ALLOWED_HOSTS: host,
      WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT: LANE,
    },
  });
  const connection = await amqp.connect(setup.vhost.amqpUrl);
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
      const event = benchEvent();
      sent.set(event.id, performance.now());
      publishOn(channel, event);
    };

    // Warm-up: the first deliveries build the service's indexes and connections.
    for (let i = 0; i < 50; i++) publishOne();
    await channel.waitForConfirms();
    await waitFor(() => arrived.size >= 50, { timeoutMs: 60000, description: 'the warm-up deliveries' });

    arrived.clear();
    sent.clear();
    const cpuBefore = { service: cpuSeconds(service.child.pid), store: cpuSeconds(ownStore?.process.child.pid) };
    const loadBefore = loadavg()[0] as number;
    const burstStart = performance.now();
    for (let i = 0; i < BURST; i++) publishOne();
    await channel.waitForConfirms();
    await waitFor(() => arrived.size >= BURST, {
      timeoutMs: 300000,
      intervalMs: 50,
      description: `${BURST} deliveries`,
    });
    const burstSeconds = (Math.max(...arrived.values()) - burstStart) / 1000;
    // CPU time per delivery does not depend on what else runs on the machine; the rate does.
    const cpu = {
      serviceMsPerDelivery: cpuMsPer(cpuBefore.service, cpuSeconds(service.child.pid), BURST),
      storeMsPerDelivery: cpuMsPer(cpuBefore.store, cpuSeconds(ownStore?.process.child.pid), BURST),
      loadAverage: [Number(loadBefore.toFixed(1)), Number((loadavg()[0] as number).toFixed(1))],
    };

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
    await waitFor(() => arrived.size >= total, {
      timeoutMs: 120000,
      intervalMs: 50,
      description: `${total} deliveries at ${RATE}/s`,
    });
    const latencies = [...sent].map(([id, at]) => (arrived.get(id) ?? NaN) - at).sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        setup: `one endpoint on a local receiver answering 204, WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT=${LANE}, service as its own process, FerretDB and RabbitMQ on the same cores`,
        burst: {
          deliveries: BURST,
          seconds: Number(burstSeconds.toFixed(2)),
          deliveriesPerSecond: Math.round(BURST / burstSeconds),
          ...cpu,
        },
        fixedRate: {
          eventsPerSecond: RATE,
          events: total,
          p50Ms: Number(percentile(latencies, 50).toFixed(1)),
          p99Ms: Number(percentile(latencies, 99).toFixed(1)),
          maxMs: Number((latencies.at(-1) ?? NaN).toFixed(1)),
        },
      }),
    );
  } finally {
    await connection.close().catch(() => undefined);
    await service.stop('SIGTERM', 12000).catch(() => undefined);
    await setup.close();
  }
}

runBench(main);
