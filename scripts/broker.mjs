#!/usr/bin/env node
// Makes sure RabbitMQ answers at AMQP_URL; starts a locally installed rabbitmq-server when it does not.
// Usage: node scripts/broker.mjs start|status
import { execFileSync } from 'node:child_process';
import { runCommandLine } from './lib/cli.mjs';
import { isLocalHost, log, tcpAnswers, waitUntil } from './lib/infra.mjs';

const HOW_TO_GET_ONE = [
  'No RabbitMQ is reachable. Get one of:',
  '  - Debian/Ubuntu: apt-get install rabbitmq-server && rabbitmq-server -detached',
  '  - Docker: docker run -d -p 5672:5672 -p 15672:15672 rabbitmq:3-management',
  '  - an existing broker: export AMQP_URL=amqp://user:pass@host:5672',
].join('\n');

export function brokerAddress(url = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672') {
  const parsed = new URL(url.replace(/^amqps?:/, 'http:'));
  return { url, host: parsed.hostname, port: Number(parsed.port || 5672) };
}

function hasRabbitServer() {
  try {
    execFileSync('sh', ['-c', 'command -v rabbitmq-server'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function ensureBroker() {
  const { url, host, port } = brokerAddress();
  const shown = url.replace(/\/\/[^@]*@/, '//');
  if (await tcpAnswers(host, port)) {
    log('broker', `reachable at ${shown}`);
    return { startedHere: false };
  }
  if (!isLocalHost(host) || !hasRabbitServer()) throw new Error(`${HOW_TO_GET_ONE}\n(tried ${shown})`);
  log('broker', 'starting the local rabbitmq-server');
  execFileSync('rabbitmq-server', ['-detached'], { stdio: 'inherit' });
  await waitUntil(() => tcpAnswers(host, port), 90000, `RabbitMQ on ${host}:${port}`);
  log('broker', `started at ${shown}`);
  return { startedHere: true };
}

export async function stopBroker() {
  execFileSync('rabbitmqctl', ['stop'], { stdio: 'inherit' });
}

await runCommandLine(
  import.meta.url,
  'broker',
  {
    start: ensureBroker,
    status: async () => {
      const { host, port } = brokerAddress();
      log('broker', (await tcpAnswers(host, port)) ? 'answering' : 'down');
    },
  },
  'start',
);
