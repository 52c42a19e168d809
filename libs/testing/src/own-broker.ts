import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, unique } from './ports';
import { startProcess, type RunningProcess } from './process';
import { withDeadline } from './wait';

const run = promisify(execFile);
const SBIN = '/usr/lib/rabbitmq/bin';
const bin = (name: string): string => (existsSync(join(SBIN, name)) ? join(SBIN, name) : name);
// The packaged broker and its CLI share the Erlang cookie in the rabbitmq user's home.
const HOME = existsSync('/var/lib/rabbitmq/.erlang.cookie') ? '/var/lib/rabbitmq' : (process.env.HOME ?? '/root');

export interface QueueDepth {
  name: string;
  messages: number;
}

export interface OwnBroker {
  url: string;
  node: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Force-closes every client connection, as a broker restart or a network cut would; returns how many there were. */
  closeAllConnections(): Promise<number>;
  connectionCount(): Promise<number>;
  queues(): Promise<QueueDepth[]>;
  /** Stops the node and removes its data. */
  destroy(): Promise<void>;
}

/**
 * A RabbitMQ node of the test's own (own name, ports and data folder) that the test or suite may break and restart
 * without touching the shared broker; needs a locally installed rabbitmq-server.
 */
export async function startOwnBroker(label = 'test'): Promise<OwnBroker> {
  const dir = mkdtempSync(join(tmpdir(), `shopwire-rabbit-${label}-`));
  const port = await freePort();
  const distPort = await freePort();
  const node = `${unique(`shopwire-${label}`)}@localhost`;
  writeFileSync(join(dir, 'rabbitmq.conf'), `listeners.tcp.local = 127.0.0.1:${port}\nloopback_users = none\n`);
  writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
  const env = {
    ...process.env,
    HOME,
    RABBITMQ_NODENAME: node,
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_PID_FILE: join(dir, 'pid'),
  };
  const ctl = async (...args: string[]): Promise<string> =>
    (await run(bin('rabbitmqctl'), ['-q', '-n', node, ...args], { env, timeout: 60000 })).stdout;
  const connectionCount = async (): Promise<number> =>
    (JSON.parse((await ctl('list_connections', 'name', '--formatter', 'json')) || '[]') as unknown[]).length;
  let proc: RunningProcess | undefined;

  const broker: OwnBroker = {
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    node,
    async start() {
      const started = startProcess(bin('rabbitmq-server'), [], { env });
      proc = started;
      await started.waitForOutput(/Starting broker\.\.\. completed/, 90000);
    },
    async stop() {
      const running = proc;
      proc = undefined;
      if (!running) return;
      await ctl('stop').catch(() => running.child.kill('SIGTERM'));
      await withDeadline(running.exited, 60000, `broker ${node} to exit`);
    },
    async closeAllConnections() {
      const before = await connectionCount();
      await ctl('close_all_connections', 'test: forced close');
      return before;
    },
    connectionCount,
    async queues() {
      const out = await ctl('list_queues', 'name', 'messages', '--formatter', 'json');
      return (JSON.parse(out || '[]') as Array<{ name: string; messages: number | string }>).map((q) => ({
        name: q.name,
        messages: Number(q.messages) || 0,
      }));
    },
    async destroy() {
      await broker.stop().catch(() => proc?.child.kill('SIGKILL'));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await broker.start();
  return broker;
}
