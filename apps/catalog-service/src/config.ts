import { authConfig } from '@shopwire/auth';
import { baseConfig, brokerConfig, storeConfig } from '@shopwire/service-kit';
import { Type, type Static, type TObject } from '@sinclair/typebox';

export const config = {
  ...baseConfig({ port: 3002 }),
  ...storeConfig({ database: 'catalog' }),
  ...brokerConfig(),
  ...authConfig(),
  // npm start turns it on; a deployed catalog starts empty.
  SEED_DEMO_CATALOG: Type.Boolean({ default: false }),
};

export type CatalogServiceConfig = Static<TObject<typeof config>>;
