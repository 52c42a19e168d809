import fp from 'fastify-plugin';
import { request } from 'undici';
import type { Upstream } from '../upstreams';

const PROBE_TIMEOUT_MS = 1500;

async function isReady(url: string): Promise<boolean> {
  const response = await request(`${url}/health/ready`, { headersTimeout: PROBE_TIMEOUT_MS, bodyTimeout: PROBE_TIMEOUT_MS });
  await response.body.dump();
  return response.statusCode === 200;
}

/** The gateway is ready when every service behind it is; readiness names the ones that are not. */
export const upstreamHealthPlugin = fp(
  async (app, opts: { upstreams: Upstream[] }) => {
    for (const upstream of opts.upstreams) app.readiness.add(upstream.name, () => isReady(upstream.url));
  },
  { name: 'gateway-upstream-health', dependencies: ['shopwire-health'] },
);
