import { createServer, type Server } from 'node:http';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: { registry: Registry };
    /** The port of the metrics listener, when metrics have one of their own (after ready). */
    metricsPort?: () => number | undefined;
  }
}

export type MetricsListen = { listen: 'same-port' } | { listen: 'own-port'; host: string; port: number };

/** A listener that answers GET /metrics and 404 for anything else, apart from the app's own port. */
async function listenForScrapes(registry: Registry, host: string, port: number): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

/**
 * One Prometheus registry per app, so the libs add their counters next to the HTTP histogram; GET /metrics on the
 * app's port, or on a port of its own (`metricsPort` tells which, for tests that asked for port 0).
 */
export const metricsPlugin = fp(
  async (app, opts: { service: string; listen: MetricsListen }) => {
    const registry = new Registry();
    registry.setDefaultLabels({ service: opts.service });
    collectDefaultMetrics({ register: registry });
    const duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    app.decorate('metrics', { registry });
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      if (route === '/metrics') return;
      duration.observe(
        { method: request.method, route, status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });
    if (opts.listen.listen === 'same-port') {
      app.get('/metrics', async (_request, reply) => {
        reply.type(registry.contentType);
        return registry.metrics();
      });
      return;
    }
    const { host, port } = opts.listen;
    let server: Server | undefined;
    app.addHook('onReady', async () => {
      server = await listenForScrapes(registry, host, port);
      const address = server.address();
      app.log.info(
        { metrics: typeof address === 'object' && address ? `${address.address}:${address.port}` : address },
        'metrics served on their own port',
      );
    });
    app.addHook('onClose', async () => {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    });
    app.decorate('metricsPort', () => {
      const address = server?.address();
      return typeof address === 'object' && address ? address.port : undefined;
    });
  },
  { name: 'shopwire-metrics' },
);
