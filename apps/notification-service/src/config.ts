import { baseConfig, brokerConfig, storeConfig } from '@shopwire/service-kit';
import type { Static, TObject } from '@sinclair/typebox';

export const config = {
  ...baseConfig({ port: 3004 }),
  ...storeConfig({ database: 'notifications' }),
  ...brokerConfig(),
};

export type NotificationServiceConfig = Static<TObject<typeof config>>;
