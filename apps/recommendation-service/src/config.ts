import { baseConfig, brokerConfig, storeConfig } from '@shopwire/service-kit';
import { authConfig } from '@shopwire/auth';
import { Type, type Static, type TObject } from '@sinclair/typebox';

export const config = {
  ...baseConfig({ port: 3005 }),
  ...storeConfig({ database: 'recommendations' }),
  ...brokerConfig(),
  ...authConfig(),
  // Delay before each retry of a failed event handler (one tier per entry); after the last, the event goes to the DLQ.
  EVENT_RETRY_DELAYS_MS: Type.String({ default: '1000,10000,60000', pattern: '^[0-9]{1,9}(,[0-9]{1,9}){0,19}$' }),
  // How long the first load from the store waits for this replica's feed queue to be bound (then it loads anyway).
  RECOMMENDATION_FEED_WAIT_MS: Type.Integer({ default: 2000, minimum: 0, maximum: 60000 }),
};

export type RecommendationServiceConfig = Static<TObject<typeof config>>;
