import { authConfig } from '@shopwire/auth';
import { baseConfig, brokerConfig, storeConfig } from '@shopwire/service-kit';
import { Type, type Static, type TObject } from '@sinclair/typebox';

export const config = {
  ...baseConfig({ port: 3002 }),
  ...storeConfig({ database: 'catalog' }),
  ...brokerConfig(),
  ...authConfig(),
  // A reservation whose order has not confirmed this long after it was made is released by itself: order-service's
  // ORDER_PENDING_DEADLINE_MS (2 min) plus a margin for an in-flight charge and the events' way back.
  RESERVATION_EXPIRY_MS: Type.Integer({ default: 300000, minimum: 100, maximum: 86400000 }),
  // npm start turns it on; a deployed catalog starts empty.
  SEED_DEMO_CATALOG: Type.Boolean({ default: false }),
};

export type CatalogServiceConfig = Static<TObject<typeof config>>;
