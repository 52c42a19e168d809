import { authConfig } from '@shopwire/auth';
import { baseConfig, brokerConfig, storeConfig } from '@shopwire/service-kit';
import type { Static, TObject } from '@sinclair/typebox';

export const config = {
  ...baseConfig({ port: 3003 }),
  ...storeConfig({ database: 'orders' }),
  ...brokerConfig(),
  ...authConfig(),
};

export type OrderServiceConfig = Static<TObject<typeof config>>;
