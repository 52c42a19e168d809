import type { GatewayConfig } from './config';

export interface Upstream {
  name: string;
  url: string;
  /** Path prefixes this service owns, forwarded unchanged. */
  prefixes: string[];
}

export function upstreamsFrom(config: GatewayConfig): Upstream[] {
  return [
    { name: 'user-service', url: config.USER_SERVICE_URL, prefixes: ['/api/v1/auth', '/api/v1/users', '/.well-known/jwks.json'] },
    { name: 'catalog-service', url: config.CATALOG_SERVICE_URL, prefixes: ['/api/v1/products', '/api/v1/categories'] },
    { name: 'order-service', url: config.ORDER_SERVICE_URL, prefixes: ['/api/v1/orders', '/api/v1/reports'] },
    { name: 'notification-service', url: config.NOTIFICATION_SERVICE_URL, prefixes: ['/api/v1/notifications'] },
  ];
}
