import { execFile, spawn } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitFor } from '@shopwire/testing';

const run = promisify(execFile);

export interface QueueDepth {
  name: string;
  messages: number;
}

export interface OwnBroker {
  url: string;
  node: string;
  /** Force-closes every client connection, as a broker restart or a network cut would. */
  closeAllConnections(): Promise<number>;
  connectionCount(): Promise<number>;
  queues(): Promise<QueueDepth[]>;
  stop(): Promise<void>;
}

/**
 * A RabbitMQ node of our own (own node name, ports, data and config) so a suite may break it without touching
 * the shared broker; needs a locally installed rabbitmq-server.
 */
export async function startOwnBroker(label = 'proof'): Promise<OwnBroker> {
  const [amqpPort, distPort] = [await freePort(), await freePort()];
  const node = `shopwire-${label}-${process.pid}-${amqpPort}@localhost`;
  const dir = mkdtempSync(join(tmpdir(), `shopwire-rabbit-${label}-`));
  const config = join(dir, 'rabbitmq.conf');
  writeFileSync(config, ['loopback_users = none', ''].join('\n'));
  writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
  for (const sub of ['mnesia', 'log']) mkdirSync(join(dir, sub));
  await handToBrokerUser(dir);
  const env = {
    ...process.env,
    RABBITMQ_NODENAME: node,
    RABBITMQ_NODE_PORT: String(amqpPort),
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_CONFIG_FILE: config,
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_PID_FILE: join(dir, 'rabbit.pid'),
    RABBITMQ_FEATURE_FLAGS_FILE: join(dir, 'feature_flags'),
    ERL_CRASH_DUMP: join(dir, 'erl_crash.dump'),
  };
  const ctl = async (...args: string[]): Promise<string> => (await run('rabbitmqctl', ['-q', '-n', node, ...args], { env, timeout: 30000 })).stdout;
  await new Promise<void>((resolve, reject) => {
    const child = spawn('rabbitmq-server', ['-detached'], { env, cwd: dir, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`rabbitmq-server -detached exited ${code}`))));
  });
  // -detached returns before the node has even registered; ping first, then wait for the boot to finish.
  await waitFor(() => ctl('ping').then(() => true, () => false), { timeoutMs: 90000, intervalMs: 500, description: `RabbitMQ node ${node} to answer` });
  await ctl('await_startup', '--timeout', '90');
  const url = `amqp://guest:guest@127.0.0.1:${amqpPort}`;
  const connectionCount = async (): Promise<number> => (JSON.parse((await ctl('list_connections', 'name', '--formatter', 'json')) || '[]') as unknown[]).length;
  return {
    url,
    node,
    connectionCount,
    async closeAllConnections() {
      const before = await connectionCount();
      await ctl('close_all_connections', 'fault injection by the proof suite');
      return before;
    },
    async queues() {
      const out = await ctl('list_queues', 'name', 'messages', '--formatter', 'json');
      return (JSON.parse(out || '[]') as Array<{ name: string; messages: number | string }>).map((q) => ({ name: q.name, messages: Number(q.messages) || 0 }));
    },
    async stop() {
      await ctl('stop').catch(() => undefined);
      await waitFor(async () => run('rabbitmqctl', ['-q', '-n', node, 'ping'], { env, timeout: 5000 }).then(() => false, () => true), {
        timeoutMs: 30000,
        description: `RabbitMQ node ${node} to stop`,
      }).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** rabbitmq-server started as root drops to the rabbitmq user, which must own the node's folder. */
async function handToBrokerUser(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const ids = await run('id', ['rabbitmq']).then((r) => r.stdout, () => '');
  const uid = Number(/uid=(\d+)/.exec(ids)?.[1]);
  const gid = Number(/gid=(\d+)/.exec(ids)?.[1]);
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) return;
  for (const path of [dir, ...readdirSync(dir).map((f) => join(dir, f))]) chownSync(path, uid, gid);
}
