import type { GatewayConfig } from './config';

/** A route open without a token: the method (GET also covers HEAD) and the path, with or without what follows it. */
export interface PublicRoute {
  method: 'GET' | 'POST';
  path: string;
  andBelow?: boolean;
}

export interface Upstream {
  name: string;
  url: string;
  /** Path prefixes this service owns, forwarded unchanged; a `:name` segment stands for any one segment. */
  prefixes: string[];
  /** Everything else under the prefixes needs a valid access token at the gateway. */
  publicRoutes: PublicRoute[];
  /** Long-lived streams (server-sent events): no body timeout, heartbeats keep them open. */
  streams?: string[];
}

export function upstreamsFrom(config: GatewayConfig): Upstream[] {
  return [
    {
      name: 'user-service',
      url: config.USER_SERVICE_URL,
      prefixes: ['/api/v1/auth', '/api/v1/users', '/.well-known/jwks.json'],
      publicRoutes: [
        ...['register', 'login', 'refresh', 'logout'].map((action) => ({
          method: 'POST' as const,
          path: `/api/v1/auth/${action}`,
        })),
        { method: 'GET', path: '/.well-known/jwks.json' },
      ],
    },
    {
      name: 'catalog-service',
      url: config.CATALOG_SERVICE_URL,
      prefixes: ['/api/v1/products', '/api/v1/categories'],
      publicRoutes: [
        { method: 'GET', path: '/api/v1/products', andBelow: true },
        { method: 'GET', path: '/api/v1/categories', andBelow: true },
      ],
    },
    {
      name: 'order-service',
      url: config.ORDER_SERVICE_URL,
      prefixes: ['/api/v1/orders', '/api/v1/reports'],
      publicRoutes: [],
    },
    {
      name: 'notification-service',
      url: config.NOTIFICATION_SERVICE_URL,
      prefixes: ['/api/v1/notifications'],
      publicRoutes: [],
      streams: ['/api/v1/notifications/stream'],
    },
    { name: 'webhook-service', url: config.WEBHOOK_SERVICE_URL, prefixes: ['/api/v1/webhooks'], publicRoutes: [] },
    {
      // "Bought together" hangs below a product; every other product path stays catalog-service's (the router takes the
      // more specific route). It is public like the rest of GET /api/v1/products/...; the user's own list needs a token.
      name: 'recommendation-service',
      url: config.RECOMMENDATION_SERVICE_URL,
      prefixes: ['/api/v1/products/:id/also-bought', '/api/v1/recommendations'],
      publicRoutes: [],
    },
  ];
}

/** Whether a request may pass the gateway without a token. Unknown shapes fall on the safe side: a token is needed. */
export function isPublicRoute(routes: PublicRoute[], method: string, url: string): boolean {
  if (method === 'OPTIONS') return true;
  const verb = method === 'HEAD' ? 'GET' : method;
  const queryAt = url.indexOf('?');
  let path = queryAt === -1 ? url : url.slice(0, queryAt);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return routes.some(
    (route) =>
      route.method === verb && (path === route.path || (route.andBelow === true && path.startsWith(`${route.path}/`))),
  );
}
