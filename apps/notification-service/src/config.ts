import { baseConfig, brokerConfig, ConfigError, storeConfig } from '@shopwire/service-kit';
import { authConfig } from '@shopwire/auth';
import { Type, type Static, type TObject } from '@sinclair/typebox';

export const config = {
  ...baseConfig({ port: 3004 }),
  ...storeConfig({ database: 'notifications' }),
  ...brokerConfig(),
  ...authConfig(),
  // How emails go out, with no default (unset stops the service with one line naming it): `smtp` sends through
  // SMTP_URL, `file` writes .eml files under MAIL_DIR (npm start and tests; nothing is sent).
  MAIL_TRANSPORT: Type.Unsafe<'smtp' | 'file'>({ type: 'string', enum: ['smtp', 'file'] }),
  // Required when MAIL_TRANSPORT is smtp (mailTransportOf says so), ignored otherwise.
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  MAIL_FROM: Type.String({ default: 'Shopwire <no-reply@shopwire.example>', minLength: 3 }),
  MAIL_DIR: Type.String({ default: '.data/mail', minLength: 1 }),
  // Delay before each retry of a failed event (one tier per entry); after the last, the event goes to the DLQ.
  EVENT_RETRY_DELAYS_MS: Type.String({ default: '1000,10000,60000', pattern: '^[0-9]{1,7}(,[0-9]{1,7}){0,9}$' }),
  // Below the gateway's UPSTREAM_TIMEOUT_MS, so a quiet stream is never cut as a slow upstream.
  SSE_HEARTBEAT_MS: Type.Integer({ default: 5000, minimum: 100, maximum: 60000 }),
  // Live streams one user may hold open on this instance; the next is 429 TOO_MANY_STREAMS. Counted per process:
  // with N replicas behind the gateway a user can hold up to N times this many.
  SSE_MAX_STREAMS_PER_USER: Type.Integer({ default: 3, minimum: 1, maximum: 100 }),
  // Read notifications older than this many days are removed (unread ones are kept); fractions for tests.
  NOTIFICATION_READ_RETENTION_DAYS: Type.Number({ default: 90, exclusiveMinimum: 0, maximum: 3650 }),
  // How often the retention job runs (in one replica).
  RETENTION_EVERY_MS: Type.Integer({ default: 3600000, minimum: 100, maximum: 86400000 }),
};

export type NotificationServiceConfig = Static<TObject<typeof config>>;

export type MailTransport = { kind: 'smtp'; smtpUrl: string } | { kind: 'file'; mailDir: string };

/** MAIL_TRANSPORT with what it needs; `smtp` without SMTP_URL is a ConfigError naming SMTP_URL. */
export function mailTransportOf(config: NotificationServiceConfig): MailTransport {
  if (config.MAIL_TRANSPORT === 'file') return { kind: 'file', mailDir: config.MAIL_DIR };
  if (!config.SMTP_URL)
    throw new ConfigError('Invalid configuration: SMTP_URL is required but not set (MAIL_TRANSPORT is smtp)');
  return { kind: 'smtp', smtpUrl: config.SMTP_URL };
}
