import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot, startProcess, testEnv, unique, waitFor, type RunningProcess } from '@shopwire/testing';

export const root = repoRoot();

export type AppName = 'api-gateway' | 'user-service' | 'catalog-service' | 'order-service' | 'notification-service';

export interface BuiltService {
  name: AppName;
  url: string;
  process: RunningProcess;
  /** The JSON log lines the process printed so far. */
  logLines(): Array<Record<string, unknown>>;
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function parseLines(text: string): Array<Record<string, unknown>> {
  return text.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

/** A built app from dist/, launched as its container runs it: `node dist/apps/<app>/main.js` and an environment. */
export async function launchBuiltService(
  name: AppName,
  env: Record<string, string> = {},
): Promise<{ url: string; process: RunningProcess }> {
  const port = await freePort();
  const proc = startProcess(process.execPath, [join(root, 'dist', 'apps', name, 'main.js')], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      LOG_LEVEL: 'info',
      MONGO_URL: testEnv.mongoUrl,
      AMQP_URL: testEnv.amqpUrl,
      MONGO_DB: unique('obs').replace(/-/g, '_'),
      JWT_KEYS_DIR: mkdtempSync(join(tmpdir(), 'shopwire-obs-keys-')),
      // The test doubles order- and notification-service require to be named (the others ignore them).
      PAYMENT_PROVIDER: 'test',
      MAIL_TRANSPORT: 'file',
      ...env,
    },
  });
  return { url: `http://127.0.0.1:${port}`, process: proc };
}

/** Launches a built app and waits until it answers its health route. */
export async function startBuiltService(
  name: AppName,
  env: Record<string, string> = {},
  opts: { waitFor?: 'live' | 'ready' } = {},
): Promise<BuiltService> {
  const { url, process: proc } = await launchBuiltService(name, env);
  const path = opts.waitFor === 'live' ? '/health/live' : '/health/ready';
  try {
    await waitFor(async () => (await fetch(`${url}${path}`)).status === 200, {
      timeoutMs: 30000,
      description: `${name} ${path}`,
    });
  } catch (error) {
    await proc.stop('SIGKILL').catch(() => undefined);
    throw new Error(`${(error as Error).message}\n${proc.output().slice(-3000)}`);
  }
  return {
    name,
    url,
    process: proc,
    logLines: () => parseLines(proc.output()),
    stop: () => proc.stop('SIGTERM', 15000),
  };
}

/** The log lines of one request (by its x-request-id), once the service has logged the request completed. */
export async function requestLogLines(
  service: BuiltService,
  requestId: string,
): Promise<Array<Record<string, unknown>>> {
  await waitFor(() => service.logLines().some((l) => l.correlationId === requestId && l.msg === 'request completed'), {
    description: 'the request log lines',
  });
  return service.logLines().filter((l) => l.correlationId === requestId);
}
