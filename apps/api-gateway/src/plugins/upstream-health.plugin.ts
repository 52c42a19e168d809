import fp from 'fastify-plugin';
import { request } from 'undici';
import type { Upstream } from '../upstreams';

const PROBE_TIMEOUT_MS = 1500;

async function isReady(url: string): Promise<boolean> {
  const response = await request(`${url}/health/ready`, {
    headersTimeout: PROBE_TIMEOUT_MS,
    bodyTimeout: PROBE_TIMEOUT_MS,
  });
  await response.body.dump();
  return response.statusCode === 200;
}

/**
 * Each service's readiness, as the gateway sees it, in /health and `shopwire_dependency_up`. Never the gateway's own
 * readiness: with one service down the gateway keeps serving the others, and that service's routes answer 503
 * UPSTREAM_UNAVAILABLE.
 */
export const upstreamHealthPlugin = fp(
  async (app, opts: { upstreams: Upstream[] }) => {
    for (const upstream of opts.upstreams) app.dependencies.add(upstream.name, () => isReady(upstream.url));
  },
  { name: 'gateway-upstream-health', dependencies: ['shopwire-health'] },
);
