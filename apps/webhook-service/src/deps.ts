import type { FastifyBaseLogger } from 'fastify';
import type { Connection, mongo } from 'mongoose';
import type { Registry } from 'prom-client';
import { createDueList, listFrom, type AggregateStore, type DueList } from '@shopwire/service-kit';
import { createTargetGuard, type Resolve, type TargetGuard } from './adapters/partner-http/target-guard';
import type { WebhookServiceConfig } from './config';
import { modelsOn, type Models } from './models';
import type { Delivery } from './models/delivery.model';
import { DeliveryLog } from './webhooks/delivery-log';
import { Dispatcher } from './webhooks/dispatcher';
import { EndpointDirectory } from './webhooks/endpoint-directory';
import { groupedInsert } from './webhooks/grouped-writes';

export const DELIVERIES_DUE = 'deliveries_due';

/** Everything the use cases, routes, consumer and sweep need, built once in app.ts and passed to each of them. */
export interface WebhookServiceDeps {
  /** Every write of one document goes through here, by `_id`. */
  store: AggregateStore;
  models: Models;
  /** The deliveries to attempt, by when: the sweep's way back to them after a crash. */
  due: DueList<string>;
  /** This replica's copy of every endpoint, kept current by every change of one. */
  directory: EndpointDirectory;
  deliveryLog: DeliveryLog;
  insertDelivery: (delivery: Delivery) => Promise<boolean>;
  dispatcher: Dispatcher;
  /** Where deliveries may go (https, no loopback, private or metadata address unless allowed). */
  guard: TargetGuard;
  /** How long the previous secret keeps signing after a rotation. */
  secretOverlapMs: number;
}

/** The collections, the due-list and the store: what a use case that only reads and writes needs. */
export type StoreDeps = Pick<WebhookServiceDeps, 'store' | 'models' | 'due'>;

/** The store and this replica's copy of the endpoints, which every change of an endpoint keeps current. */
export type DirectoryDeps = Pick<WebhookServiceDeps, 'store' | 'models' | 'due' | 'directory'>;

/** What changing an endpoint needs: the directory, the target guard and the secret's overlap after a rotation. */
export type EndpointDeps = Pick<
  WebhookServiceDeps,
  'store' | 'models' | 'due' | 'directory' | 'guard' | 'secretOverlapMs'
>;

/** What storing a delivery needs: the store, the endpoint's delivery log and the grouped insert. */
export type StoringDeps = Pick<WebhookServiceDeps, 'store' | 'models' | 'due' | 'deliveryLog' | 'insertDelivery'>;

export interface DepsSources {
  config: WebhookServiceConfig;
  mongo: Connection;
  store: AggregateStore;
  log: FastifyBaseLogger;
  /** The app's metrics registry, for the attempts' outcomes. */
  registry: Registry;
  /** Name resolution for the SSRF checks (tests resolve names of their own; the system's DNS otherwise). */
  resolve?: Resolve;
}

export function buildDeps({ config, mongo, store, log, registry, resolve }: DepsSources): WebhookServiceDeps {
  const guard = createTargetGuard({ allowedHosts: listFrom(config.WEBHOOK_ALLOWED_HOSTS), resolve });
  const stored: StoreDeps = { store, models: modelsOn(mongo), due: createDueList<string>(mongo, DELIVERIES_DUE) };
  const directory = new EndpointDirectory(stored, log);
  const dispatcher = new Dispatcher(
    { ...stored, directory },
    {
      guard,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      maxInFlightPerEndpoint: config.WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT,
      retryScheduleMs: listFrom(config.WEBHOOK_RETRY_SCHEDULE_MS).map(Number),
      retryJitter: config.WEBHOOK_RETRY_JITTER,
      disableAfterMs: config.WEBHOOK_DISABLE_AFTER_MS,
      log,
      registry,
    },
  );
  return {
    ...stored,
    directory,
    deliveryLog: new DeliveryLog(stored),
    insertDelivery: groupedInsert(() => stored.models.deliveries.collection as unknown as mongo.Collection<Delivery>),
    dispatcher,
    guard,
    secretOverlapMs: config.WEBHOOK_SECRET_OVERLAP_MS,
  };
}
