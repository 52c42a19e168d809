import { loadConfig, brokerConfig, storeConfig } from '@shopwire/service-kit';
import { runMessagingBench } from './messaging.bench';

// Standalone: `node tools/loadgen/run-ts.mjs tools/bench/src/messaging/bench.main.ts` prints the figures as JSON.
const config = loadConfig({ ...brokerConfig(), ...storeConfig({ database: 'unused' }) });
void runMessagingBench({ amqpUrl: config.AMQP_URL, mongoUrl: config.MONGO_URL }, (line) =>
  process.stderr.write(`[messaging bench] ${line}\n`),
).then(
  (result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`),
  (err: Error) => {
    process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
    process.exitCode = 1;
  },
);
