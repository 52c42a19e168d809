import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort, testEnv, unique } from './ports';
import { startProcess, type RunningProcess } from './process';
import { repoRoot } from './repo-root';
import { waitForReady } from './wait';

const root = repoRoot();
export const SERVICE_NAMES = [
  'user-service',
  'catalog-service',
  'order-service',
  'notification-service',
  'webhook-service',
  'recommendation-service',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number] | 'api-gateway';

export interface RunningSystem {
  gatewayUrl: string;
  /** The gateway's /metrics, on a listener of its own (METRICS_PORT), not on its API port. */
  gatewayMetricsUrl: string;
  ports: Record<ServiceName, number>;
  processes: Record<ServiceName, RunningProcess>;
  /** Each service's own database (MONGO_DB), for tests that check what a service stored. */
  databases: Record<ServiceName, string>;
  /** Starts (or restarts after a stop) one process; `env` adds to or overrides its usual environment. */
  start(name: ServiceName, env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /**
   * Started and ready before the others. Events need no start order (publishers declare their subscribers' queues,
   * docs/messaging.md); this is for a run that wants one process up first.
   */
  readyFirst?: ServiceName[];
}

/** The gateways started by this test file, by base URL: their answers are checked against their OpenAPI document. */
export const gatewaysUnderTest = new Set<string>();

/** The seven built processes, each started as its container would be, on free ports with databases of their own. */
export async function startSystem(
  extraEnv: Record<string, string> = {},
  opts: StartOptions = {},
): Promise<RunningSystem> {
  const names: ServiceName[] = [...SERVICE_NAMES, 'api-gateway'];
  const ports = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await freePort()]))) as Record<
    ServiceName,
    number
  >;
  const runId = unique('e2e');
  const gatewaySecret = randomBytes(32).toString('base64url');
  const gatewayMetricsPort = await freePort();
  const databases = Object.fromEntries(names.map((n) => [n, `${runId}-${n}`.replace(/-service$/, '')])) as Record<
    ServiceName,
    string
  >;
  const envFor = (name: ServiceName): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    PORT: String(ports[name]),
    LOG_LEVEL: 'warn',
    MONGO_URL: testEnv.mongoUrl,
    AMQP_URL: testEnv.amqpUrl,
    MONGO_DB: databases[name],
    USER_SERVICE_URL: `http://127.0.0.1:${ports['user-service']}`,
    CATALOG_SERVICE_URL: `http://127.0.0.1:${ports['catalog-service']}`,
    ORDER_SERVICE_URL: `http://127.0.0.1:${ports['order-service']}`,
    NOTIFICATION_SERVICE_URL: `http://127.0.0.1:${ports['notification-service']}`,
    WEBHOOK_SERVICE_URL: `http://127.0.0.1:${ports['webhook-service']}`,
    RECOMMENDATION_SERVICE_URL: `http://127.0.0.1:${ports['recommendation-service']}`,
    JWKS_URL: `http://127.0.0.1:${ports['user-service']}/.well-known/jwks.json`,
    // Tests register and log in far faster than people; the rate-limit tests set their own budgets.
    RATE_LIMIT_AUTH_MAX: '100000',
    RATE_LIMIT_ANONYMOUS_MAX: '100000',
    RATE_LIMIT_USER_MAX: '100000',
    // The test doubles, chosen explicitly (no service defaults to one): the built-in payment provider and emails as
    // .eml files under .data/mail. A run with an SMTP server passes MAIL_TRANSPORT=smtp and SMTP_URL.
    PAYMENT_PROVIDER: 'test',
    MAIL_TRANSPORT: 'file',
    // The gateway's proof to user-service that it forwarded a request (its X-Forwarded-For is believed there).
    GATEWAY_SECRET: gatewaySecret,
    // The gateway's metrics listener (its own port, not the API's).
    METRICS_PORT: String(gatewayMetricsPort),
    ...extraEnv,
  });
  const processes = {} as Record<ServiceName, RunningProcess>;
  const start = async (name: ServiceName, env: Record<string, string> = {}): Promise<void> => {
    processes[name] = startProcess(process.execPath, [join(root, 'dist', 'apps', name, 'main.js')], {
      env: { ...envFor(name), ...env },
      cwd: root,
    });
  };
  const stop = async (): Promise<void> => {
    await Promise.all(names.map((n) => processes[n]?.stop('SIGTERM', 12000).catch(() => undefined)));
  };
  const gatewayUrl = `http://127.0.0.1:${ports['api-gateway']}`;
  gatewaysUnderTest.add(gatewayUrl);
  try {
    for (const name of opts.readyFirst ?? []) {
      await start(name);
      await waitForReady(`http://127.0.0.1:${ports[name]}`, 60000, `${name} to be ready`);
    }
    for (const name of names.filter((n) => !opts.readyFirst?.includes(n))) await start(name);
    await waitForReady(gatewayUrl, 90000, 'the gateway to be ready');
  } catch (error) {
    const output = names.map((n) => `--- ${n}\n${processes[n]?.output().slice(-2000) ?? '(not started)'}`).join('\n');
    await stop();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return {
    gatewayUrl,
    gatewayMetricsUrl: `http://127.0.0.1:${gatewayMetricsPort}/metrics`,
    ports,
    processes,
    databases,
    start,
    stop,
  };
}
