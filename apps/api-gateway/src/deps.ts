import { DEFAULT_BODY_LIMIT, listFrom } from '@shopwire/service-kit';
import type { GatewayConfig } from './config';
import type { EdgeLimits } from './docs/edge-documentation';
import type { ProxyOptions } from './plugins/proxy.plugin';
import type { RateLimitOptions } from './plugins/rate-limit.plugin';
import { upstreamsFrom, type Upstream } from './upstreams';

/** What the gateway's plugins work with: the services behind it and the edge's settings; app.ts builds it once. */
export interface GatewayDeps {
  upstreams: Upstream[];
  settings: {
    corsOrigins: string[];
    rateLimit: RateLimitOptions;
    /** The rate-limit headers are documented with the budgets and the window this gateway runs with. */
    docsLimits: EdgeLimits;
    proxy: Omit<ProxyOptions, 'upstreams'>;
  };
}

export function buildDeps(config: GatewayConfig): GatewayDeps {
  return {
    upstreams: upstreamsFrom(config),
    settings: {
      corsOrigins: listFrom(config.CORS_ORIGINS),
      rateLimit: {
        windowMs: config.RATE_LIMIT_WINDOW_MS,
        anonymousMax: config.RATE_LIMIT_ANONYMOUS_MAX,
        userMax: config.RATE_LIMIT_USER_MAX,
        credentialsMax: config.RATE_LIMIT_AUTH_MAX,
        redisUrl: config.REDIS_URL,
        keyPrefix: config.REDIS_KEY_PREFIX,
      },
      docsLimits: {
        maxPerWindow: Math.max(config.RATE_LIMIT_ANONYMOUS_MAX, config.RATE_LIMIT_USER_MAX, config.RATE_LIMIT_AUTH_MAX),
        maxWindowSeconds: Math.ceil(config.RATE_LIMIT_WINDOW_MS / 1000),
      },
      proxy: {
        timeoutMs: config.UPSTREAM_TIMEOUT_MS,
        bodyLimit: DEFAULT_BODY_LIMIT,
        gatewaySecret: config.GATEWAY_SECRET,
      },
    },
  };
}
