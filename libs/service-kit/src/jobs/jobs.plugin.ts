import fp from 'fastify-plugin';
import { JobRunner } from './job-runner';

declare module 'fastify' {
  interface FastifyInstance {
    /** Scheduled jobs of this service, each run by one replica at a time (a lease in the service's store). */
    jobs: JobRunner;
  }
}

/** The service's job runner: jobs added while building start once the app is ready and stop (leases given up) at close. */
export const jobsPlugin = fp(
  async (app, opts: { holder?: string } = {}) => {
    const runner = new JobRunner({
      connection: app.mongo,
      log: app.log,
      registry: app.metrics.registry,
      holder: opts.holder,
    });
    app.decorate('jobs', runner);
    app.addHook('onReady', async () => runner.start());
    app.addHook('onClose', async () => runner.stop());
  },
  { name: 'shopwire-jobs', dependencies: ['shopwire-mongo', 'shopwire-metrics'] },
);
