import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '@shopwire/loadgen';
import {
  createOwnVhost,
  freePort,
  repoRoot,
  startOwnFerret,
  startSystem,
  type RunningSystem,
  type ServiceName,
} from '@shopwire/testing';
import { httpRun, type HttpFigures } from './http-bench';
import { peakRss, rssMiB } from './memory';
import { growthBench, HISTORY_ORDERS, type GrowthFigures } from './growth';
import { startNginx } from './nginx';
import { sagaStep, type SagaStep } from './saga-bench';
import { RECS_RATE, recsBench, type RecsFigures } from './recs-bench';
import { searchBench, type SearchFigures } from './search-bench';

const root = repoRoot();
const SECONDS = Number(process.argv.find((a) => a.startsWith('--seconds='))?.split('=')[1] ?? 5);
/** `--only=search` runs figure 7 alone, `--only=recs` figure 9 (on the same fresh system). */
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.split('=')[1];
const FIXED_RATE = 100;
const SAGA_RATE = 50;
const ADMIN = { email: `bench-admin-${randomUUID().slice(0, 8)}@example.test`, password: 'bench admin password' };
const log = (line: string): void => console.log(`[bench] ${line}`);

async function login(api: ApiClient, email: string, password: string): Promise<string> {
  const res = await api.call<{ accessToken: string }>('POST', '/api/v1/auth/login', { body: { email, password } });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
  return res.body.accessToken;
}

/** A product with plenty of stock in the bench's category; the admin's token is fetched once and kept. */
function productMaker(gatewayUrl: string, slug: string): () => Promise<string> {
  let admin: Promise<string> | undefined;
  return async () => {
    const api = new ApiClient(gatewayUrl);
    try {
      admin ??= login(api, ADMIN.email, ADMIN.password);
      const product = await api.call<{ id: string }>('POST', '/api/v1/products', {
        token: await admin,
        body: {
          sku: `BENCH-${randomUUID().slice(0, 8)}`,
          name: 'Bench widget',
          category: slug,
          price: { amount: 999, currency: 'EUR' },
          stock: { available: 1_000_000 },
        },
      });
      if (product.status !== 201)
        throw new Error(`creating a bench product: ${product.status} ${JSON.stringify(product.body)}`);
      return product.body.id;
    } finally {
      await api.close();
    }
  };
}

async function fixtures(system: RunningSystem): Promise<{
  tokens: string[];
  productId: string;
  productPath: string;
  newProduct: () => Promise<string>;
  slug: string;
}> {
  const api = new ApiClient(system.gatewayUrl);
  const tokens: string[] = [];
  for (let i = 0; i < 8; i++) {
    const email = `bench-${randomUUID().slice(0, 8)}@example.test`;
    await api.call('POST', '/api/v1/auth/register', { body: { email, password: 'bench password 1', name: 'Bench' } });
    tokens.push(await login(api, email, 'bench password 1'));
  }
  const admin = await login(api, ADMIN.email, ADMIN.password);
  const slug = `bench-${randomUUID().slice(0, 8)}`;
  await api.call('POST', '/api/v1/categories', { token: admin, body: { slug, name: 'Bench' } });
  await api.close();
  const newProduct = productMaker(system.gatewayUrl, slug);
  const productId = await newProduct();
  return { tokens, productId, productPath: `/api/v1/products/${productId}`, newProduct, slug };
}

/** A bench entry in its own process, so it does not share an event loop with autocannon and the saga figures; its stdout is one JSON object. */
function benchProcess(entry: string, env: string[]): Promise<Record<string, unknown> | string> {
  const runTs = join(root, 'tools', 'loadgen', 'run-ts.mjs');
  return new Promise((resolve) => {
    // env(1) adds the addresses to the environment this process was given.
    execFile(
      'env',
      [...env, 'LOG_LEVEL=silent', process.execPath, runTs, entry],
      { cwd: root, timeout: 300000 },
      (error, stdout, stderr) => {
        if (error) resolve(`failed: ${stderr.trim().split('\n').slice(-1)[0] ?? error.message}`);
        else resolve(JSON.parse(stdout) as Record<string, unknown>);
      },
    );
  });
}

/** One figure of the bench: its result, or what failed, so that one failing figure leaves the others standing. */
async function figure(name: string, run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    log(`${name} failed: ${(error as Error).stack ?? String(error)}`);
    return `failed: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** Stops one service of the running system (SIGTERM, as an operator's rollout would) and starts it again; its new pid. */
function restarter(
  system: RunningSystem,
  service: 'catalog-service' | 'recommendation-service',
): () => Promise<number | undefined> {
  return async () => {
    await system.processes[service].stop('SIGTERM', 12000);
    await system.start(service);
    return system.processes[service].child.pid;
  };
}

async function main(): Promise<void> {
  const vhost = await createOwnVhost();
  // A store of the bench's own, new for each run: what earlier test runs left in the shared one would slow it down.
  const store = await startOwnFerret(await freePort());
  log('starting the seven processes on their own vhost and a fresh store');
  const system = await startSystem({
    AMQP_URL: vhost.amqpUrl,
    MONGO_URL: store.url,
    SEED_DEMO_CATALOG: 'true',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
  }).catch(async (error: unknown) => {
    // Nothing else removes them when the processes do not come up.
    await vhost.remove().catch(() => undefined);
    await store.stop().catch(() => undefined);
    throw error;
  });
  const pids = Object.fromEntries(Object.entries(system.processes).map(([name, p]) => [name, p.child.pid])) as Record<
    ServiceName,
    number | undefined
  >;
  const result: Record<string, unknown> = {
    date: new Date().toISOString(),
    cores: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))),
    machine: 'load generator, seven processes, RabbitMQ and the store on the same cores: read ratios, not absolutes',
    store: 'FerretDB 1.24.2 on SQLite, started fresh for the run',
    secondsPerRun: SECONDS,
  };
  try {
    const { tokens, productId, productPath, newProduct, slug } = await fixtures(system);
    result.memoryIdleMiB = Object.fromEntries(
      Object.entries(pids).map(([name, pid]) => [name, Number((rssMiB(pid) ?? 0).toFixed(1))]),
    );

    const auth = { authorization: `Bearer ${tokens[0]}` };
    const direct = `http://127.0.0.1:${system.ports['catalog-service']}`;
    if (!ONLY) {
      const gateway: Record<string, Record<string, HttpFigures>> = {};
      const { peak: httpPeak } = await peakRss(pids, async () => {
        for (const [label, path] of [
          ['list', '/api/v1/products?limit=20'],
          ['detail', productPath],
        ] as const) {
          log(`gateway overhead: ${label}`);
          gateway[label] = {
            directMax: await httpRun(`${direct}${path}`, { seconds: SECONDS }),
            gatewayMax: await httpRun(`${system.gatewayUrl}${path}`, { seconds: SECONDS, headers: auth }),
            directFixed: await httpRun(`${direct}${path}`, { seconds: SECONDS, rate: FIXED_RATE }),
            gatewayFixed: await httpRun(`${system.gatewayUrl}${path}`, {
              seconds: SECONDS,
              rate: FIXED_RATE,
              headers: auth,
            }),
          };
        }
      });
      result.gatewayOverhead = gateway;

      const nginx = await startNginx(system.ports['catalog-service']);
      if (nginx) {
        log('gateway vs nginx');
        try {
          result.nginx = {
            nginxMax: await httpRun(`${nginx.url}/api/v1/products?limit=20`, { seconds: SECONDS }),
            gatewayMax: await httpRun(`${system.gatewayUrl}/api/v1/products?limit=20`, {
              seconds: SECONDS,
              headers: auth,
            }),
          };
        } finally {
          await nginx.stop();
        }
      } else result.nginx = 'skipped: nginx is not installed (apt-get install nginx)';

      log('order saga: fixed rate, then stepping up');
      const steps: SagaStep[] = [];
      const { peak: sagaPeak } = await peakRss(pids, async () => {
        for (const rate of [SAGA_RATE / 5, SAGA_RATE / 2, SAGA_RATE, SAGA_RATE * 2, SAGA_RATE * 4]) {
          const step = await sagaStep({
            gatewayUrl: system.gatewayUrl,
            amqpUrl: vhost.amqpUrl,
            tokens,
            productId,
            rate,
            seconds: SECONDS,
            settleMs: 10000,
          });
          log(
            `  ${rate}/s: ${step.placed} placed, ${step.confirmed} confirmed, ${step.httpErrors} errors, ${step.unsettled} unsettled, p50 ${step.p50Ms.toFixed(0)} ms p99 ${step.p99Ms.toFixed(0)} ms`,
          );
          steps.push(step);
          if (!step.sustained) break;
        }
      });
      result.saga = {
        steps,
        highestSustainedRate: Math.max(0, ...steps.filter((s) => s.sustained).map((s) => s.rate)),
      };
      result.memoryUnderLoadMiB = Object.fromEntries(
        Object.keys(pids).map((name) => [name, Number(Math.max(httpPeak[name] ?? 0, sagaPeak[name] ?? 0).toFixed(1))]),
      );

      // Last of the figures on the running system: its history stays in the store once written.
      log(`cost as data grows: the fresh store, then ${HISTORY_ORDERS} orders stored`);
      result.growth = await figure('cost as data grows', () =>
        growthBench({
          gatewayUrl: system.gatewayUrl,
          catalogUrl: direct,
          amqpUrl: vhost.amqpUrl,
          mongoUrl: store.url,
          databases: {
            order: system.databases['order-service'],
            catalog: system.databases['catalog-service'],
            notification: system.databases['notification-service'],
          },
          tokens,
          newProduct,
          // A rate figure 4 shows the system keeps up with, so that the latency is the cost of an order, not a queue.
          sagaRate: SAGA_RATE / 5,
          seconds: SECONDS,
          log,
        }),
      );
    }

    // Last: the 10,000 products it adds would change what the figures before it measure.
    if (!ONLY || ONLY === 'search') {
      log('search: 10,000 products, list, search and suggest from the index');
      result.search = await figure('search', () =>
        searchBench({
          mongoUrl: store.url,
          catalogDb: system.databases['catalog-service'],
          category: slug,
          catalogUrl: direct,
          gatewayUrl: system.gatewayUrl,
          token: tokens[0] as string,
          seconds: SECONDS,
          restartCatalog: restarter(system, 'catalog-service'),
          log,
        }),
      );
    }

    if (!ONLY || ONLY === 'recs') {
      log(`recommendations: also-bought and for-you at ${RECS_RATE}/s on a generated history`);
      result.recommendations = await figure('recommendations', () =>
        recsBench({
          mongoUrl: store.url,
          recommendationDb: system.databases['recommendation-service'],
          serviceUrl: `http://127.0.0.1:${system.ports['recommendation-service']}`,
          gatewayUrl: system.gatewayUrl,
          tokens,
          seconds: SECONDS,
          gatewayPid: system.processes['api-gateway'].child.pid,
          restartService: restarter(system, 'recommendation-service'),
          log,
        }),
      );
    }
  } finally {
    await system.stop();
  }
  if (!ONLY) {
    log('event pipeline (messaging bench)');
    result.eventPipeline = await benchProcess('tools/bench/src/messaging/bench.main.ts', [
      `AMQP_URL=${vhost.amqpUrl}`,
      `MONGO_URL=${store.url}`,
    ]);
    log('webhooks (apps/webhook-service bench)');
    result.webhooks = await benchProcess('apps/webhook-service/bench/webhook-bench.main.ts', [
      `MONGO_URL=${store.url}`,
    ]);
  }
  await vhost.remove();
  await store.stop();

  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  // A run of one figure keeps the last full run's results.
  const file = ONLY ? `latest-${ONLY}.json` : 'latest.json';
  writeFileSync(join(root, 'bench', 'results', file), `${JSON.stringify(result, null, 2)}\n`);
  console.log(table(result));
  log(`written to bench/results/${file}`);
}

function table(r: Record<string, unknown>): string {
  const f = (n: number | undefined, digits = 1): string =>
    n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits);
  const rows: string[][] = [['benchmark', 'figure', 'value']];
  const g = r.gatewayOverhead as Record<string, Record<string, HttpFigures>> | undefined;
  for (const [label, x] of Object.entries(g ?? {})) {
    const { directMax, gatewayMax, directFixed, gatewayFixed } = x as Record<string, HttpFigures>;
    if (!directMax || !gatewayMax || !directFixed || !gatewayFixed) continue;
    rows.push([
      `1 gateway overhead (${label})`,
      'max req/s direct / gateway / ratio',
      `${f(directMax.rps, 0)} / ${f(gatewayMax.rps, 0)} / ${f(gatewayMax.rps / directMax.rps, 2)}`,
    ]);
    rows.push([
      '',
      `at ${FIXED_RATE}/s p50 direct / gateway / added ms`,
      `${f(directFixed.p50Ms)} / ${f(gatewayFixed.p50Ms)} / +${f(gatewayFixed.p50Ms - directFixed.p50Ms)}`,
    ]);
    rows.push([
      '',
      `at ${FIXED_RATE}/s p99 direct / gateway / added ms`,
      `${f(directFixed.p99Ms)} / ${f(gatewayFixed.p99Ms)} / +${f(gatewayFixed.p99Ms - directFixed.p99Ms)}`,
    ]);
    rows.push([
      '',
      'errors (non-2xx, timeouts)',
      `${directMax.errors + directFixed.errors} direct, ${gatewayMax.errors + gatewayFixed.errors} gateway`,
    ]);
  }
  const n = r.nginx as Record<string, HttpFigures> | string | undefined;
  if (typeof n === 'string') rows.push(['2 gateway vs nginx', '', n]);
  else if (n?.nginxMax && n.gatewayMax)
    rows.push([
      '2 gateway vs nginx',
      'max req/s nginx / gateway / ratio',
      `${f(n.nginxMax.rps, 0)} / ${f(n.gatewayMax.rps, 0)} / ${f(n.gatewayMax.rps / n.nginxMax.rps, 2)}`,
    ]);
  const e = r.eventPipeline as Record<string, unknown> | string | undefined;
  if (typeof e === 'string') rows.push(['3 event pipeline', '', e]);
  else if (e) {
    const lat = e.latency as { rate: number; p50Ms: number; p99Ms: number } | undefined;
    rows.push([
      '3 event pipeline',
      'events/s broker only / outbox→consumer',
      `${f(e.brokerEventsPerSecond as number, 0)} / ${f(e.outboxEventsPerSecond as number, 0)}`,
    ]);
    if (lat) rows.push(['', `publish→handle at ${lat.rate}/s p50 / p99 ms`, `${f(lat.p50Ms)} / ${f(lat.p99Ms)}`]);
  }
  const s = r.saga as { steps: SagaStep[]; highestSustainedRate: number } | undefined;
  for (const step of s?.steps ?? []) {
    rows.push([
      step === s?.steps[0] ? '4 order saga' : '',
      `${step.rate}/s POST→confirmed p50 / p99 ms`,
      `${f(step.p50Ms, 0)} / ${f(step.p99Ms, 0)} (${step.confirmed}/${step.placed} confirmed, ${step.httpErrors} errors, ${step.unsettled} unsettled)`,
    ]);
  }
  if (s) rows.push(['', 'highest sustained rate (no errors, nothing left pending)', `${s.highestSustainedRate}/s`]);
  const idle = (r.memoryIdleMiB ?? {}) as Record<string, number>;
  const load = (r.memoryUnderLoadMiB ?? {}) as Record<string, number>;
  Object.keys(idle).forEach((name, i) =>
    rows.push([
      i === 0 ? '5 memory (RSS MiB)' : '',
      `${name} idle / peak under load`,
      `${f(idle[name])} / ${f(load[name])}`,
    ]),
  );
  const gr = r.growth as GrowthFigures | string | undefined;
  const title = '6 cost as data grows';
  if (typeof gr === 'string') rows.push([title, '', gr]);
  else if (gr) {
    const stored = gr.historyOrders.toLocaleString('en-US');
    const settled = (x: SagaStep): string =>
      `${x.confirmed}/${x.placed} confirmed, ${x.httpErrors} errors, ${x.unsettled} unsettled`;
    // Each ratio says how many times worse the figure is with the history: 1.0 is no cost from the data.
    rows.push([
      title,
      `detail req/s fresh / ${stored} orders / fresh÷after`,
      `${f(gr.fresh.detail.rps, 0)} / ${f(gr.grown.detail.rps, 0)} / ${f(gr.ratios.detailRpsBeforeOverAfter, 2)}`,
    ]);
    rows.push([
      '',
      `saga ${gr.sagaRate}/s p50 ms fresh / ${stored} orders / after÷fresh`,
      `${f(gr.fresh.saga.p50Ms, 0)} / ${f(gr.grown.saga.p50Ms, 0)} / ${f(gr.ratios.sagaP50AfterOverBefore, 2)}`,
    ]);
    rows.push([
      '',
      `saga ${gr.sagaRate}/s p99 ms fresh / ${stored} orders / after÷fresh`,
      `${f(gr.fresh.saga.p99Ms, 0)} / ${f(gr.grown.saga.p99Ms, 0)} / ${f(gr.ratios.sagaP99AfterOverBefore, 2)}`,
    ]);
    rows.push(['', 'saga fresh; after', `${settled(gr.fresh.saga)}; ${settled(gr.grown.saga)}`]);
    const queued = (q: Record<string, number>): string =>
      Object.entries(q)
        .map(([name, count]) => `${name} ${count}`)
        .join(', ');
    const busy = (x: number): string => `${f(x * 100, 0)} %`;
    rows.push([
      '',
      'machine CPU busy the second before: fresh; after',
      `${busy(gr.fresh.machineBusyBefore)}; ${busy(gr.grown.machineBusyBefore)}`,
    ]);
    rows.push([
      '',
      'events queued as the saga step ends: fresh; after',
      `${queued(gr.fresh.queuedAfterSaga)}; ${queued(gr.grown.queuedAfterSaga)}`,
    ]);
    const docs = Object.values(gr.fill.documents).reduce((a, b) => a + b, 0);
    rows.push([
      '',
      'history written (setup, not measured)',
      `${stored} orders: ${docs.toLocaleString('en-US')} documents inserted in 3 databases, ${gr.fill.productsUpdated} products updated, ${f(gr.fill.seconds)} s`,
    ]);
    if (!gr.fresh.startedIdle || !gr.grown.startedIdle)
      rows.push(['', 'note', 'a measurement started with an earlier backlog still moving (see latest.json)']);
  }
  const se = r.search as SearchFigures | string | undefined;
  if (typeof se === 'string') rows.push(['7 search', '', se]);
  else if (se) {
    const products = se.products.toLocaleString('en-US');
    const pair = (d: HttpFigures, g: HttpFigures): string =>
      `${f(d.rps, 0)} / ${f(g.rps, 0)} / ${f(g.rps / d.rps, 2)} (p99 ${f(d.p99Ms, 0)} / ${f(g.p99Ms, 0)} ms, ${d.errors + g.errors} errors)`;
    rows.push([
      '7 search',
      `${products} products: list req/s direct / gateway / ratio`,
      pair(se.direct.list, se.gateway.list),
    ]);
    rows.push(['', 'search req/s direct / gateway / ratio', pair(se.direct.search, se.gateway.search)]);
    rows.push([
      '',
      `suggest at ${se.suggestAtRate.rate}/s p50 / p99 ms`,
      `${f(se.suggestAtRate.p50Ms)} / ${f(se.suggestAtRate.p99Ms)} (${se.suggestAtRate.errors} errors)`,
    ]);
    rows.push([
      '',
      'catalog-service RSS MiB with the index idle / peak',
      `${f(se.catalogRssMiB.idleWithIndex)} / ${f(se.catalogRssMiB.peak)}`,
    ]);
    rows.push([
      '',
      'restart to ready (index built from the store)',
      `${f(se.readySeconds)} s (products written in ${f(se.insertSeconds)} s, setup)`,
    ]);
  }
  const w = r.webhooks as
    | { burst: { deliveriesPerSecond: number }; fixedRate: { eventsPerSecond: number; p50Ms: number; p99Ms: number } }
    | string
    | undefined;
  if (typeof w === 'string') rows.push(['8 webhooks', '', w]);
  else if (w) {
    rows.push(['8 webhooks', 'deliveries/s to a local receiver (burst)', f(w.burst.deliveriesPerSecond, 0)]);
    rows.push([
      '',
      `publish→delivery at ${w.fixedRate.eventsPerSecond}/s p50 / p99 ms`,
      `${f(w.fixedRate.p50Ms)} / ${f(w.fixedRate.p99Ms)}`,
    ]);
  }
  const rc = r.recommendations as RecsFigures | string | undefined;
  if (typeof rc === 'string') rows.push(['9 recommendations', '', rc]);
  else if (rc) {
    const cpu = (x: RecsFigures['direct']['forYou']): string =>
      `CPU ms/request service ${f(x.cpuMsPerRequest.service, 2)}${x.cpuMsPerRequest.gateway ? `, gateway ${f(x.cpuMsPerRequest.gateway, 2)}` : ''}`;
    const at = (x: RecsFigures['direct']['forYou']): string =>
      `${f(x.p50Ms)} / ${f(x.p99Ms)} (${x.requests} requests, ${x.errors} errors; ${cpu(x)})`;
    rows.push(['9 recommendations', `also-bought at ${RECS_RATE}/s p50 / p99 ms: gateway`, at(rc.gateway.alsoBought)]);
    rows.push(['', 'also-bought: straight at the service', at(rc.direct.alsoBought)]);
    rows.push(['', `for-you at ${RECS_RATE}/s p50 / p99 ms: gateway`, at(rc.gateway.forYou)]);
    rows.push(['', 'for-you: straight at the service', at(rc.direct.forYou)]);
    rows.push([
      '',
      'history loaded at start',
      `${rc.purchases.toLocaleString('en-US')} purchases of ${rc.customers.toLocaleString('en-US')} customers, ${rc.products.toLocaleString('en-US')} products; ready ${f(rc.readySeconds)} s after restart`,
    ]);
    rows.push([
      '',
      'recommendation-service RSS MiB loaded idle / peak',
      `${f(rc.rssMiB.idleLoaded)} / ${f(rc.rssMiB.peak)}`,
    ]);
    rows.push(['', 'machine CPU busy the second before (other work)', `${f(rc.machineBusyBefore * 100, 0)} %`]);
  }
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  const line = (row: string[]): string => `| ${row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(' | ')} |`;
  return [
    `bench ${r.date as string}, ${r.cores as number} cores, Node ${r.node as string}, ${SECONDS} s per run`,
    line(rows[0] ?? []),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.slice(1).map(line),
  ].join('\n');
}

main().catch((error: Error) => {
  console.error(`[bench] failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
