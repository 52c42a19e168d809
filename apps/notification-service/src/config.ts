import { baseConfig, brokerConfig, storeConfig } from '@shopwire/service-kit';
import { authConfig } from '@shopwire/auth';
import { Type, type Static, type TObject } from '@sinclair/typebox';

export const config = {
  ...baseConfig({ port: 3004 }),
  ...storeConfig({ database: 'notifications' }),
  ...brokerConfig(),
  ...authConfig(),
  // Unset: emails are written as .eml files under MAIL_DIR instead of being sent.
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  MAIL_FROM: Type.String({ default: 'Shopwire <no-reply@shopwire.example>', minLength: 3 }),
  MAIL_DIR: Type.String({ default: '.data/mail', minLength: 1 }),
  // Delay before each retry of a failed event (one tier per entry); after the last, the event goes to the DLQ.
  EVENT_RETRY_DELAYS_MS: Type.String({ default: '1000,10000,60000', pattern: '^[0-9]{1,7}(,[0-9]{1,7}){0,9}$' }),
  // Below the gateway's UPSTREAM_TIMEOUT_MS, so a quiet stream is never cut as a slow upstream.
  SSE_HEARTBEAT_MS: Type.Integer({ default: 5000, minimum: 100, maximum: 60000 }),
};

export type NotificationServiceConfig = Static<TObject<typeof config>>;
