import { randomBytes, randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { createEvent, createEventOfVersion, type EventEnvelope, type EventType, type Money } from '@shopwire/contracts';
import { queuesOf } from '@shopwire/messaging';
import { loadConfig, type ServiceApp } from '@shopwire/service-kit';
import {
  createOwnVhost,
  publishTestEvent,
  removeServiceData as removeTestServiceData,
  startTestIssuer,
  serviceTestEnv,
  handledEventCount,
  unique,
  waitFor,
  waitForReady,
  type OwnVhost,
  type TestIssuer,
} from '@shopwire/testing';
import { buildApp } from '../../src/app';
import { config } from '../../src/config';

export const RETRY_TIERS = 2;

export interface TestService {
  app: ServiceApp;
  /** Its durable queue is `<consumerName>.events`; replicas of one test share it. */
  consumerName: string;
  db: string;
  amqpUrl: string;
  close(): Promise<void>;
}

export interface TestServiceOptions {
  issuer: TestIssuer;
  /** The broker (a vhost of the test's own). */
  amqpUrl: string;
  /** Another replica: the same queue and database. */
  replicaOf?: TestService;
}

/** One recommendation-service on the real store and broker, with a queue and database of its own (or another replica's). */
export async function startRecommendationService(opts: TestServiceOptions): Promise<TestService> {
  const consumerName = opts.replicaOf?.consumerName ?? unique('recommendation-test');
  const db = opts.replicaOf?.db ?? unique('recommendations-test');
  const env = serviceTestEnv({
    db,
    jwksUrl: opts.issuer.jwksUrl,
    amqpUrl: opts.amqpUrl,
    logLevel: process.env.TEST_LOG_LEVEL,
    retryDelaysMs: '200,400',
  });
  const app = await buildApp(loadConfig(config, env), { messaging: { service: consumerName, role: 'recommendation' } });
  await app.ready();
  await waitForReady(app);
  return { app, consumerName, db, amqpUrl: opts.amqpUrl, close: () => app.close() };
}

/**
 * One service of the test file's own, started before its tests and removed with all it made after them: a token
 * issuer, a vhost (the counts of handled events are the file's alone), a queue and a database.
 */
export function ownServiceForTests(): { readonly svc: TestService; readonly issuer: TestIssuer } {
  const own: { svc?: TestService; issuer?: TestIssuer; vhost?: OwnVhost } = {};
  beforeAll(async () => {
    [own.issuer, own.vhost] = await Promise.all([startTestIssuer(), createOwnVhost()]);
    own.svc = await startRecommendationService({ issuer: own.issuer, amqpUrl: own.vhost.amqpUrl });
  });
  afterAll(async () => {
    await own.svc?.close();
    if (own.svc) await removeServiceData(own.svc);
    await own.vhost?.remove();
    await own.issuer?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the service starts in beforeAll');
    return value;
  };
  return {
    get svc() {
      return started(own.svc);
    },
    get issuer() {
      return started(own.issuer);
    },
  };
}

/** Drops the test's queue and database (after every replica closed). */
export async function removeServiceData(svc: TestService): Promise<void> {
  await removeTestServiceData({
    queues: queuesOf(svc.consumerName),
    tiers: RETRY_TIERS,
    db: svc.db,
    amqpUrl: svc.amqpUrl,
  });
}

/** A product id as catalog-service makes them (24 hex digits). */
export const productId = (): string => randomBytes(12).toString('hex');

const meta = (source: string) => ({ source, correlationId: randomUUID() });
const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** The events the tests play, as their producers send them today. */
export const events = {
  productCreated: (id: string, name: string, category: string, amount = 1000) =>
    createEvent(
      'product.created',
      { productId: id, sku: unique('SKU'), name, price: eur(amount), active: true, category },
      meta('catalog-service'),
    ),
  productUpdated: (id: string, name: string, category: string, amount = 1000) =>
    createEvent(
      'product.updated',
      { productId: id, sku: unique('SKU'), name, price: eur(amount), active: true, category },
      meta('catalog-service'),
    ),
  productArchived: (id: string) => createEvent('product.archived', { productId: id }, meta('catalog-service')),
  orderConfirmed: (orderId: string, userId: string, productIds: string[]) =>
    createEvent(
      'order.confirmed',
      {
        orderId,
        userId,
        total: eur(1000 * productIds.length),
        items: productIds.map((id) => ({ productId: id, quantity: 1, unitPrice: eur(1000) })),
      },
      meta('order-service'),
    ),
  orderConfirmedV1: (orderId: string, userId: string) =>
    createEventOfVersion('order.confirmed', 1, { orderId, userId, total: eur(1000) }, meta('order-service')),
  orderCancelled: (orderId: string, userId: string) =>
    createEvent('order.cancelled', { orderId, userId, reason: 'customer_request' }, meta('order-service')),
  userDeleted: (userId: string) => createEvent('user.deleted', { userId }, meta('user-service')),
};

/** Sends an event as its producer would: on the exchange, to every bound queue (durable and each replica's feed). */
export function publish(svc: TestService, event: EventEnvelope): Promise<void> {
  return publishTestEvent(event, { url: svc.amqpUrl });
}

/** Delivers events to the service's durable queue only (the broker's redelivery of one already handled, say). */
export function deliver(svc: TestService, event: EventEnvelope): Promise<void> {
  return publishTestEvent(event, { url: svc.amqpUrl, queue: queuesOf(svc.consumerName).main });
}

/** Runs `act` and waits until the durable consumer handled `count` more events of `type`. */
export async function handled<T>(svc: TestService, type: EventType, act: () => Promise<T>, count = 1): Promise<T> {
  const before = await handledEventCount(svc.app, type);
  const result = await act();
  await waitFor(async () => (await handledEventCount(svc.app, type)) >= before + count, {
    timeoutMs: 20000,
    description: `${count} ${type} handled`,
  });
  return result;
}

export type Item = { productId: string; name: string; price: Money; score: number };
export type List = { statusCode: number; items: Item[]; body: Record<string, unknown> };

/** A GET of one of the lists: its status, its items (none when it failed) and its whole body. */
async function getList(svc: TestService, url: string, headers?: Record<string, string>): Promise<List> {
  const res = await svc.app.inject({ method: 'GET', url, headers });
  const body = res.json<Record<string, unknown>>();
  return { statusCode: res.statusCode, items: (body.items as Item[] | undefined) ?? [], body };
}

export function alsoBought(svc: TestService, id: string, query = ''): Promise<List> {
  return getList(svc, `/api/v1/products/${id}/also-bought${query}`);
}

export function forMe(svc: TestService, token: string, query = ''): Promise<List> {
  return getList(svc, `/api/v1/recommendations/me${query}`, { authorization: `Bearer ${token}` });
}

/** The purchases collection of the service's database, read straight from the store. */
export function purchasesOf(
  svc: TestService,
): mongoose.mongo.Collection<{ _id: string; userId?: string; productIds?: string[]; cancelled: boolean }> {
  return (svc.app.mongo.db as mongoose.mongo.Db).collection('purchases');
}
