import fp from 'fastify-plugin';
import { sendProblem } from './error-handler.plugin';

export type ReadinessCheck = () => Promise<boolean> | boolean;

declare module 'fastify' {
  interface FastifyInstance {
    readiness: { add(name: string, check: ReadinessCheck): void };
  }
}

const CHECK_TIMEOUT_MS = 2000;

async function runCheck(check: ReadinessCheck): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([Promise.resolve().then(check), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Liveness says the process runs; readiness runs every registered dependency check and names the ones down. */
export const healthPlugin = fp(
  async (app) => {
    const checks = new Map<string, ReadinessCheck>();
    app.decorate('readiness', { add: (name: string, check: ReadinessCheck) => void checks.set(name, check) });

    app.get('/health/live', async () => ({ status: 'ok' }));
    app.get('/health/ready', async (request, reply) => {
      const names = [...checks.keys()];
      const results = await Promise.all([...checks.values()].map(runCheck));
      const report = Object.fromEntries(names.map((name, i) => [name, results[i] ? 'up' : 'down']));
      const down = names.filter((_, i) => !results[i]);
      if (down.length === 0) return { status: 'ready', checks: report };
      return sendProblem(request, reply, {
        status: 503,
        code: 'NOT_READY',
        detail: `Unavailable: ${down.join(', ')}`,
        extensions: { checks: report },
      });
    });
  },
  { name: 'shopwire-health' },
);
