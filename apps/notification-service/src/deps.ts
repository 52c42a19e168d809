import type { FastifyBaseLogger } from 'fastify';
import type { Connection } from 'mongoose';
import type { BrokerConnection } from '@shopwire/messaging';
import type { AggregateStore } from '@shopwire/service-kit';
import { createLiveFeed, type LiveFeed } from './adapters/live-feed';
import type { Mailer } from './adapters/mail/mail';
import { createMailer } from './adapters/mail/mailer';
import type { MailTransport, NotificationServiceConfig } from './config';
import { modelsOn, type Models } from './models';

/** Everything the use cases, routes and consumers need, built once in app.ts and passed to each of them. */
export interface NotificationServiceDeps {
  /** Every read and write of one document on an event's or a request's path goes through here, by `_id`. */
  store: AggregateStore;
  models: Models;
  mailer: Mailer;
  liveFeed: LiveFeed;
  streams: {
    heartbeatMs: number;
    /** Live streams one user may hold open on this instance. */
    maxPerUser: number;
  };
}

/** What a use case that only reads and writes the store needs. */
export type StoreDeps = Pick<NotificationServiceDeps, 'store' | 'models'>;

export interface DepsSources {
  config: NotificationServiceConfig;
  /** Read from the config before anything connects (mailTransportOf), so a missing SMTP_URL stops the start first. */
  mailTransport: MailTransport;
  mongo: Connection;
  store: AggregateStore;
  broker: Pick<BrokerConnection, 'onConnected'>;
  log: FastifyBaseLogger;
}

export function buildDeps({ config, mailTransport, mongo, store, broker, log }: DepsSources): NotificationServiceDeps {
  return {
    store,
    models: modelsOn(mongo),
    mailer: createMailer(mailTransport, config.MAIL_FROM, log),
    liveFeed: createLiveFeed(broker, log),
    streams: { heartbeatMs: config.SSE_HEARTBEAT_MS, maxPerUser: config.SSE_MAX_STREAMS_PER_USER },
  };
}
