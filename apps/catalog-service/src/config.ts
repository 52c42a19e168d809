import { baseConfig, brokerConfig, storeConfig } from '@shopwire/service-kit';
import type { Static, TObject } from '@sinclair/typebox';

export const config = {
  ...baseConfig({ port: 3002 }),
  ...storeConfig({ database: 'catalog' }),
  ...brokerConfig(),
};

export type CatalogServiceConfig = Static<TObject<typeof config>>;
