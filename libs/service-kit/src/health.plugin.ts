import fp from 'fastify-plugin';
import { Gauge } from 'prom-client';
import { sendProblem } from './error-handler.plugin';

export type ReadinessCheck = () => Promise<boolean> | boolean;

declare module 'fastify' {
  interface FastifyInstance {
    /** What this process cannot serve its own requests without (its store): down answers /health/ready 503. */
    readiness: { add(name: string, check: ReadinessCheck): void };
    /**
     * What it works around while it is away (the broker behind an outbox, the services behind the gateway): reported
     * by /health and `shopwire_dependency_up`, never in readiness.
     */
    dependencies: { add(name: string, check: ReadinessCheck): void };
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

async function runAll(checks: Map<string, ReadinessCheck>): Promise<Record<string, 'up' | 'down'>> {
  const names = [...checks.keys()];
  const results = await Promise.all([...checks.values()].map(runCheck));
  return Object.fromEntries(names.map((name, i) => [name, results[i] ? 'up' : 'down']));
}

/**
 * Liveness says the process runs; readiness runs the checks this process cannot serve without and names the ones
 * down; /health and the `shopwire_dependency_up` gauge report every dependency, readiness conditions included.
 */
export const healthPlugin = fp(
  async (app) => {
    const conditions = new Map<string, ReadinessCheck>();
    const reported = new Map<string, ReadinessCheck>();
    const everything = (): Map<string, ReadinessCheck> => new Map([...conditions, ...reported]);
    app.decorate('readiness', { add: (name: string, check: ReadinessCheck) => void conditions.set(name, check) });
    app.decorate('dependencies', { add: (name: string, check: ReadinessCheck) => void reported.set(name, check) });

    new Gauge({
      name: 'shopwire_dependency_up',
      help: 'Whether a dependency answers (1) or not (0); readiness depends only on those this process cannot serve without',
      labelNames: ['dependency'],
      registers: [app.metrics.registry],
      async collect() {
        this.reset();
        for (const [name, state] of Object.entries(await runAll(everything())))
          this.set({ dependency: name }, state === 'up' ? 1 : 0);
      },
    });

    app.get('/health/live', async () => ({ status: 'ok' }));
    app.get('/health/ready', async (request, reply) => {
      const report = await runAll(conditions);
      const down = Object.keys(report).filter((name) => report[name] === 'down');
      if (down.length === 0) return { status: 'ready', checks: report };
      return sendProblem(request, reply, {
        status: 503,
        code: 'NOT_READY',
        detail: `Unavailable: ${down.join(', ')}`,
        extensions: { checks: report },
      });
    });
    // Always 200: a report for people and dashboards, not a probe.
    app.get('/health', async () => {
      const report = await runAll(everything());
      const isDown = (name: string): boolean => report[name] === 'down';
      const status = [...conditions.keys()].some(isDown)
        ? 'not-ready'
        : Object.keys(report).some(isDown)
          ? 'degraded'
          : 'ready';
      return { status, checks: report };
    });
  },
  { name: 'shopwire-health', dependencies: ['shopwire-metrics'] },
);
