import { baseConfig, brokerConfig, storeConfig } from '@shopwire/service-kit';
import type { Static, TObject } from '@sinclair/typebox';

export const config = {
  ...baseConfig({ port: 3001 }),
  ...storeConfig({ database: 'users' }),
  ...brokerConfig(),
};

export type UserServiceConfig = Static<TObject<typeof config>>;
