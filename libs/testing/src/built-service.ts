import { join } from 'node:path';
import { freePort, testEnv } from './ports';
import { startProcess, type RunningProcess } from './process';
import { repoRoot } from './repo-root';
import type { ServiceName } from './system';
import { waitForReady } from './wait';

/** One built service as its container runs it, which a test may kill (SIGKILL mid-work) and start again. */
export interface BuiltService {
  /** Its environment: PORT, the store, broker and token issuer, and the test's own variables. */
  env: NodeJS.ProcessEnv;
  url: string;
  /** Starts dist/apps/<name>/main.js (again, after a stop) and waits until it is ready. */
  start(): Promise<RunningProcess>;
}

export async function builtService(
  name: ServiceName,
  opts: { db: string; amqpUrl: string; jwksUrl: string; env?: Record<string, string> },
): Promise<BuiltService> {
  const root = repoRoot();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    MONGO_URL: testEnv.mongoUrl,
    MONGO_DB: opts.db,
    AMQP_URL: opts.amqpUrl,
    JWKS_URL: opts.jwksUrl,
    ...opts.env,
  };
  return {
    env,
    url,
    async start() {
      const started = startProcess(process.execPath, [join(root, 'dist', 'apps', name, 'main.js')], { env, cwd: root });
      await waitForReady(url, 30000, `${name} to be ready`);
      return started;
    },
  };
}
