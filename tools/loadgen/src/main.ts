import { parseArgs } from 'node:util';
import { runLoad } from './run-load';
import { finalReport, liveLine } from './report';

const usage =
  'usage: npm run loadgen -- --rate <requests per second> --duration <seconds> [--url http://localhost:8080] [--json <file>]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '20' },
      duration: { type: 'string', default: '30' },
      url: { type: 'string', default: 'http://localhost:8080' },
      settle: { type: 'string', default: '20' },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const rate = Number(values.rate);
  const durationSec = Number(values.duration);
  if (values.help || !(rate > 0 && rate <= 5000) || !(durationSec > 0 && durationSec <= 3600)) {
    console.error(usage);
    process.exit(values.help ? 0 : 2);
  }
  const url = values.url.replace(/\/$/, '');
  const health = await fetch(`${url}/health/ready`).catch((error: Error) => error);
  if (health instanceof Error) {
    console.error(`loadgen: nothing answers at ${url} (${health.message}); start the system with npm start first`);
    process.exit(1);
  }
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  console.log(`loadgen: ${rate} req/s for ${durationSec} s against ${url} (Ctrl-C stops early)`);
  const report = await runLoad({
    url,
    rate,
    durationSec,
    settleMs: Number(values.settle) * 1000,
    signal: abort.signal,
    onProgress: (live) => console.log(liveLine(live)),
  });
  console.log(finalReport(report));
  if (values.json) {
    const { writeFileSync } = await import('node:fs');
    const { orders: _orders, run: _run, ...summary } = report;
    writeFileSync(values.json, JSON.stringify(summary, null, 2));
  }
}

main().catch((error: Error) => {
  console.error(`loadgen: ${error.stack ?? error.message}`);
  process.exit(1);
});
