import { baseConfig } from '@shopwire/service-kit';
import { Type, type Static, type TObject } from '@sinclair/typebox';

const serviceUrl = (port: number) => Type.String({ default: `http://127.0.0.1:${port}`, pattern: '^https?://' });

export const config = {
  ...baseConfig({ port: 8080 }),
  USER_SERVICE_URL: serviceUrl(3001),
  CATALOG_SERVICE_URL: serviceUrl(3002),
  ORDER_SERVICE_URL: serviceUrl(3003),
  NOTIFICATION_SERVICE_URL: serviceUrl(3004),
  UPSTREAM_TIMEOUT_MS: Type.Integer({ default: 10000, minimum: 100, maximum: 120000 }),
};

export type GatewayConfig = Static<TObject<typeof config>>;
