import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, waitForReady } from '@shopwire/testing';
import { cpuBusy } from './growth';
import { cpuMs, peakRss, rssMiB } from './memory';

const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<{
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}>;

export const RECS_RATE = 200;

export interface RateFigures {
  rate: number;
  requests: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  /** CPU time per request of recommendation-service and of the gateway (0 when not on the path): no other work counts. */
  cpuMsPerRequest: { service: number; gateway: number };
}

export interface RecsFigures {
  products: number;
  customers: number;
  purchases: number;
  /** distinct products of each bench customer, whose token asks for "for you" */
  benchCustomerProducts: number[];
  insertSeconds: number;
  /** From the restart of recommendation-service until /health/ready answers 200 (its memory loaded from the store). */
  readySeconds: number;
  gateway: { alsoBought: RateFigures; forYou: RateFigures };
  direct: { alsoBought: RateFigures; forYou: RateFigures };
  rssMiB: { idleLoaded: number; peak: number };
  /** The busy share of the machine's CPU in the second before the measured runs, the system idle: other work on it. */
  machineBusyBefore: number;
}

export interface RecsBenchOptions {
  mongoUrl: string;
  recommendationDb: string;
  serviceUrl: string;
  gatewayUrl: string;
  /** Customers' access tokens: each is given the history of one generated customer. */
  tokens: string[];
  seconds: number;
  gatewayPid: number | undefined;
  /** Stops recommendation-service and starts it again; resolves with its new pid. */
  restartService(): Promise<number | undefined>;
  log(line: string): void;
}

const subjectOf = (token: string): string =>
  (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { sub: string }).sub;

interface WrittenHistory {
  productIds: string[];
  customers: number;
  purchases: number;
  givenCustomerProducts: number[];
  insertSeconds: number;
}

/**
 * The offline evaluation's generated history (segments, bundles, long-tailed popularity) written straight into
 * recommendation-service's store by the service's own eval code, in a process of its own; the bench customers take
 * over generated customers' histories of every size.
 */
function fill(opts: RecsBenchOptions): Promise<WrittenHistory> {
  const root = repoRoot();
  const args = [
    join(root, 'tools', 'loadgen', 'run-ts.mjs'),
    'apps/recommendation-service/eval/write-history.main.ts',
    `--mongo-url=${opts.mongoUrl}`,
    `--db=${opts.recommendationDb}`,
    `--customers=${opts.tokens.map(subjectOf).join(',')}`,
  ];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { cwd: root, timeout: 300000, maxBuffer: 16 * 2 ** 20 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`writing the history: ${stderr.trim().split('\n').slice(-1)[0] ?? error.message}`));
        else resolve(JSON.parse(stdout) as WrittenHistory);
      },
    );
  });
}

/**
 * A fixed rate of GETs, each to the next of `paths` with the next of `tokens`, p50/p99 corrected for coordinated
 * omission, and the CPU time each of `pids` spent per request meanwhile.
 */
async function atRate(
  base: string,
  paths: string[],
  tokens: string[],
  seconds: number,
  pids: { service?: number; gateway?: number } = {},
): Promise<RateFigures> {
  let n = 0;
  const cpuBefore = { service: cpuMs(pids.service), gateway: cpuMs(pids.gateway) };
  const result = await autocannon({
    url: base,
    duration: seconds,
    connections: 10,
    overallRate: RECS_RATE,
    requests: [
      {
        setupRequest: (request: Record<string, unknown>) => {
          n++;
          return {
            ...request,
            method: 'GET',
            path: paths[n % paths.length],
            headers: { authorization: `Bearer ${tokens[n % tokens.length]}` },
          };
        },
      },
    ],
  });
  const { latency } = result;
  const perRequest = (before: number | undefined, pid: number | undefined): number => {
    const after = cpuMs(pid);
    return before === undefined || after === undefined
      ? 0
      : Number(((after - before) / result.requests.total).toFixed(2));
  };
  return {
    rate: RECS_RATE,
    requests: result.requests.total,
    p50Ms: latency.p50,
    p90Ms: latency.p90,
    p99Ms: latency.p99,
    maxMs: latency.max,
    errors: result.non2xx + result.errors + result.timeouts,
    cpuMsPerRequest: {
      service: perRequest(cpuBefore.service, pids.service),
      gateway: perRequest(cpuBefore.gateway, pids.gateway),
    },
  };
}

/**
 * Figure 9, recommendations: `GET /products/:id/also-bought` (across every product) and `GET /recommendations/me`
 * (bench customers from the one with most products bought down to a median one) at a fixed 200 requests/s, through the gateway and straight at
 * recommendation-service, on 3,000 products and 30,000 purchases of 6,000 customers loaded from the store at start.
 */
export async function recsBench(opts: RecsBenchOptions): Promise<RecsFigures> {
  opts.log('recommendations: writing the generated history into the recommendation database');
  const filled = await fill(opts);
  opts.log(
    `recommendations: ${filled.purchases} purchases of ${filled.customers} customers over ${filled.productIds.length} products written; restarting recommendation-service`,
  );
  const restarted = performance.now();
  const pid = await opts.restartService();
  await waitForReady(opts.serviceUrl, 180000, 'recommendation-service ready with its history');
  const readySeconds = (performance.now() - restarted) / 1000;
  const idleLoaded = rssMiB(pid) ?? 0;
  const alsoBought = filled.productIds.map((id) => `/api/v1/products/${id}/also-bought?limit=10`);
  const forYou = ['/api/v1/recommendations/me?limit=10'];
  let machineBusyBefore = Number.NaN;
  const { result, peak } = await peakRss({ recs: pid }, async () => {
    // A second of each first, unreported: the JIT warms up and the start-up load's garbage is collected.
    await atRate(opts.serviceUrl, alsoBought, opts.tokens, 1);
    await atRate(opts.serviceUrl, forYou, opts.tokens, 1);
    machineBusyBefore = await cpuBusy(1000);
    opts.log(
      `recommendations: both endpoints at ${RECS_RATE}/s through the gateway, then straight at the service (machine ${(machineBusyBefore * 100).toFixed(0)} % busy the second before)`,
    );
    const both = { service: pid, gateway: opts.gatewayPid };
    const gateway = {
      alsoBought: await atRate(opts.gatewayUrl, alsoBought, opts.tokens, opts.seconds, both),
      forYou: await atRate(opts.gatewayUrl, forYou, opts.tokens, opts.seconds, both),
    };
    const direct = {
      alsoBought: await atRate(opts.serviceUrl, alsoBought, opts.tokens, opts.seconds, { service: pid }),
      forYou: await atRate(opts.serviceUrl, forYou, opts.tokens, opts.seconds, { service: pid }),
    };
    return { gateway, direct };
  });
  return {
    products: filled.productIds.length,
    customers: filled.customers,
    purchases: filled.purchases,
    benchCustomerProducts: filled.givenCustomerProducts,
    insertSeconds: filled.insertSeconds,
    readySeconds,
    ...result,
    rssMiB: { idleLoaded: Number(idleLoaded.toFixed(1)), peak: Number((peak.recs ?? 0).toFixed(1)) },
    machineBusyBefore,
  };
}
