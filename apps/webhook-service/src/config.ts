import { baseConfig, brokerConfig, storeConfig } from '@shopwire/service-kit';
import { authConfig } from '@shopwire/auth';
import { Type, type Static, type TObject } from '@sinclair/typebox';

const MS_LIST = '^[0-9]{1,9}(,[0-9]{1,9}){0,19}$';

export const config = {
  ...baseConfig({ port: 3006 }),
  ...storeConfig({ database: 'webhooks' }),
  ...brokerConfig(),
  ...authConfig(),
  // Delay before each retry of a failed event handler (one tier per entry); after the last, the event goes to the DLQ.
  EVENT_RETRY_DELAYS_MS: Type.String({ default: '1000,10000,60000', pattern: MS_LIST }),
  // Delay before each retry of a failed delivery (5 s, 5 min, 30 min, 2 h, 8 h, 24 h); after the last it has failed.
  WEBHOOK_RETRY_SCHEDULE_MS: Type.String({
    default: '5000,300000,1800000,7200000,28800000,86400000',
    pattern: MS_LIST,
  }),
  // Each retry delay is moved by up to this share either way, so failed deliveries do not come back in step.
  WEBHOOK_RETRY_JITTER: Type.Number({ default: 0.2, minimum: 0, maximum: 0.9 }),
  // Longest wait for a partner's answer, connection included.
  WEBHOOK_TIMEOUT_MS: Type.Integer({ default: 10000, minimum: 50, maximum: 60000 }),
  // Deliveries in flight to one endpoint at a time (per replica); the rest wait, so one slow partner holds only these.
  WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT: Type.Integer({ default: 4, minimum: 1, maximum: 100 }),
  // An endpoint failing without a success for this long is disabled (and says so in its log).
  WEBHOOK_DISABLE_AFTER_MS: Type.Integer({ default: 432000000, minimum: 1000 }),
  // How long the previous secret keeps signing after a rotation.
  WEBHOOK_SECRET_OVERLAP_MS: Type.Integer({ default: 86400000, minimum: 0 }),
  // How often the background sweep looks for due retries and deliveries a crash left behind (in one replica).
  WEBHOOK_SWEEP_EVERY_MS: Type.Integer({ default: 1000, minimum: 20, maximum: 60000 }),
  // How often each replica looks (reads by _id) for endpoint changes another replica made, and applies them.
  WEBHOOK_ENDPOINTS_POLL_MS: Type.Integer({ default: 1000, minimum: 20, maximum: 60000 }),
  // Hosts (or host:port) that may be plain http and resolve to loopback or private addresses, e.g. 127.0.0.1:9000.
  WEBHOOK_ALLOWED_HOSTS: Type.String({ default: '', maxLength: 2000 }),
};

export type WebhookServiceConfig = Static<TObject<typeof config>>;
