import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as runLoadFor } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { runLoad } from '@shopwire/loadgen';
import type { CheckResult } from './checks/check-result';
import { checkDeadLetters } from './checks/dead-letters.check';
import { checkEmails } from './checks/emails.check';
import { checkFaults } from './checks/faults.check';
import { checkLoad } from './checks/load.check';
import { checkOrders } from './checks/orders.check';
import { checkProcesses } from './checks/processes.check';
import { checkRecommendations } from './checks/recommendations.check';
import { checkStock } from './checks/stock.check';
import { injectDeadLetters } from './dead-letters';
import { injectFaults, type FaultOutcome } from './faults';
import { createProducts } from './fixtures';
import { waitForQuiet } from './quiet';
import { resultTable } from './report';
import { startRig, type FaultRig } from './rig';
import { readSnapshot } from './snapshot';

const usage =
  'usage: npm run test:faults -- [--rate <requests per second, 12>] [--load-seconds <between faults, 15>] [--quiet-seconds <deadline, 150>]';
// Past this the suite gives up whatever it is waiting for: it must end by itself.
const BUDGET_MS = 12 * 60 * 1000;
const began = performance.now();
const log = (line: string): void =>
  console.log(`[faults +${((performance.now() - began) / 1000).toFixed(0).padStart(3)}s] ${line}`);

function options(): { rate: number; loadSec: number; quietSec: number } {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '12' },
      'load-seconds': { type: 'string', default: '15' },
      'quiet-seconds': { type: 'string', default: '150' },
    },
  });
  const parsed = {
    rate: Number(values.rate),
    loadSec: Number(values['load-seconds']),
    quietSec: Number(values['quiet-seconds']),
  };
  if (!(
    parsed.rate > 0 &&
    parsed.rate <= 500 &&
    parsed.loadSec >= 1 &&
    parsed.loadSec <= 120 &&
    parsed.quietSec >= 10 &&
    parsed.quietSec <= 600
  )) {
    console.error(usage);
    process.exit(2);
  }
  return parsed;
}

/** Every process's output, kept for reading after a failed run (the processes log at warn). */
function keepLogs(rig: FaultRig): string {
  const dir = join(process.cwd(), '.data', 'faults');
  mkdirSync(dir, { recursive: true });
  for (const [name, output] of rig.watch.outputs()) writeFileSync(join(dir, `${name}.log`), output);
  return dir;
}

async function run(rig: FaultRig, opts: ReturnType<typeof options>, interrupted: AbortSignal): Promise<CheckResult[]> {
  const products = await createProducts(rig);
  const injected = await injectDeadLetters(rig.broker);
  log(
    `${products.length} products stocked, ${injected.size} dead letters injected; load at ${opts.rate} req/s, a fault every ${opts.loadSec} s`,
  );

  const stopLoad = new AbortController();
  interrupted.addEventListener('abort', () => stopLoad.abort());
  const loadStarted = performance.now();
  let seconds = 0;
  const load = runLoad({
    url: rig.system.gatewayUrl,
    rate: opts.rate,
    durationSec: BUDGET_MS / 1000,
    settleMs: 0,
    signal: stopLoad.signal,
    onProgress: (live) => {
      if (++seconds % 15 === 0)
        log(`  load: ${live.requests} requests, ${live.errors} errors, ${live.ordersAccepted} orders accepted`);
    },
  });
  let outcomes: FaultOutcome[];
  try {
    outcomes = await injectFaults(rig, opts.loadSec, log, interrupted);
    log(`faults done; load for ${opts.loadSec} s more`);
    await runLoadFor(opts.loadSec * 1000, undefined, { signal: interrupted });
  } finally {
    stopLoad.abort();
  }
  const report = await load;
  const loadSec = (performance.now() - loadStarted) / 1000;
  log(`load stopped; waiting up to ${opts.quietSec} s for quiet`);
  const quiet = await waitForQuiet(rig, opts.quietSec * 1000);
  log(quiet.reached ? `quiet after ${(quiet.waitedMs / 1000).toFixed(1)} s` : `not quiet after ${opts.quietSec} s`);

  const snapshot = await readSnapshot(rig, products);
  const quietRow: CheckResult = {
    check: 'quiet',
    figures: quiet.reached
      ? `nothing on its way after ${(quiet.waitedMs / 1000).toFixed(1)} s`
      : `still on its way after ${opts.quietSec} s: ${JSON.stringify(quiet.last)}`,
    violations: quiet.reached
      ? []
      : [`the system did not go quiet within ${opts.quietSec} s: ${JSON.stringify(quiet.last)}`],
  };
  return [
    checkLoad(report, snapshot, loadSec),
    checkFaults(outcomes),
    quietRow,
    checkOrders(snapshot, report.orders),
    checkStock(snapshot, products),
    checkRecommendations(snapshot),
    checkEmails(snapshot, rig.sink.received, outcomes),
    await checkDeadLetters(rig.broker, injected),
    checkProcesses(rig.watch),
  ];
}

async function main(): Promise<number> {
  const opts = options();
  const interrupt = new AbortController();
  const live: { rig?: FaultRig } = {};
  const stopEarly = (why: string): void => {
    log(`${why}: stopping`);
    interrupt.abort();
    // Whatever is still waiting gets a last minute; then the suite cleans up and ends anyway.
    setTimeout(() => void (live.rig?.close() ?? Promise.resolve()).finally(() => process.exit(1)), 60000).unref();
  };
  process.once('SIGINT', () => stopEarly('interrupted'));
  process.once('SIGTERM', () => stopEarly('terminated'));
  const budget = setTimeout(() => stopEarly(`over the ${BUDGET_MS / 60000} min budget`), BUDGET_MS);
  const started = await startRig(log);
  live.rig = started;
  try {
    const results = await run(started, opts, interrupt.signal);
    console.log(`\n${resultTable(results)}\n`);
    const failed = results.filter((r) => r.violations.length > 0).length;
    log(failed === 0 ? 'every check holds' : `${failed} check${failed === 1 ? '' : 's'} failed`);
    return failed === 0 ? 0 : 1;
  } finally {
    clearTimeout(budget);
    log(`process logs kept in ${keepLogs(started)}; cleaning up`);
    await started.close();
    log(`done in ${((performance.now() - began) / 1000).toFixed(0)} s`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`faults: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
