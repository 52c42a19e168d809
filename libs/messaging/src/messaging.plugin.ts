import fp from 'fastify-plugin';
import type { mongo } from 'mongoose';
import type { AnyModel } from '@shopwire/service-kit';
import { isServiceName, publishedBy, SUBSCRIPTIONS, type EventType, type ServiceName } from '@shopwire/contracts';
import './broker.plugin';
import { EventConsumer } from './event-consumer';
import type { EventHandlers } from './event-handler';
import { EventPublisher } from './event-publisher';
import { createMessagingMetrics } from './messaging-metrics';
import { outboxStatusOf } from './outbox-query';
import { OutboxRelay } from './outbox-relay';
import { ProcessedEvents, processedEventsRetention } from './processed-events';
import { declareSubscriberQueues } from './topology';

export interface Messaging {
  /** Relays the events that writes through `app.store` put into this model's documents' outboxes. */
  relayOutbox(model: AnyModel): void;
  /** Runs the relay's pass now (writes through the store already do; kept for callers that want to be explicit). */
  flushOutbox(): void;
  /**
   * Consumes `<service>.events` bound to these types; starts when the broker connects, resumes after reconnects.
   * Throws unless the handlers cover exactly the service's subscription in the contracts.
   */
  consume(handlers: EventHandlers): void;
  /** Calls `listener` with each event id this service handled and acked; returns the unsubscribe. */
  onHandled(listener: (eventId: string, type: string) => void): () => void;
}

declare module 'fastify' {
  interface FastifyInstance {
    messaging: Messaging;
  }
}

export interface MessagingPluginOptions {
  /** Short service name: queues are `<service>.events…`, emitted events' source is `<service>-service`. */
  service: string;
  /**
   * Which service of the contracts this is (`PUBLISHERS`, `SUBSCRIPTIONS` in @shopwire/contracts): the queues it
   * declares for what it publishes, and the types its consumer must handle. `service` when that names one; tests
   * that give an app queues of their own keep its role.
   */
  role?: ServiceName;
  /** The types the consumer takes, for a service with no role (tests of the lib itself). */
  subscription?: readonly EventType[];
  retryDelaysMs?: number[];
  retryJitter?: number;
  prefetch?: number;
  maxUnconfirmed?: number;
  outbox?: { sweepIntervalMs?: number; staleAfterMs?: number; abandonAfterMs?: number; batchSize?: number };
  /** Longest wait for in-flight handlers and the relay on shutdown. */
  closeTimeoutMs?: number;
  /**
   * How long the ids of handled events are kept (default 7 days: longer than any retry tier, and than a dead letter
   * is expected to wait for its replay), and how often the retention job runs where the app has jobs (default 1 h).
   */
  processedEvents?: { retentionMs?: number; purgeEveryMs?: number };
}

/** The handlers must be the subscription exactly: a missing one loses events, an extra one is never bound by publishers. */
function checkSubscription(
  service: string,
  handlers: EventHandlers,
  subscription: readonly EventType[] | undefined,
): void {
  if (!subscription)
    throw new Error(
      `${service}: no subscription for this service in @shopwire/contracts (SUBSCRIPTIONS); it cannot consume events`,
    );
  const handled = Object.keys(handlers);
  const missing = subscription.filter((type) => !handled.includes(type));
  const undeclared = handled.filter((type) => !subscription.includes(type as EventType));
  if (missing.length === 0 && undeclared.length === 0) return;
  const problems = [
    missing.length ? `no handler for ${missing.join(', ')}` : '',
    undeclared.length ? `handlers for ${undeclared.join(', ')} outside its subscription` : '',
  ];
  throw new Error(
    `${service}: the consumer's handlers differ from its subscription in @shopwire/contracts: ${problems.filter(Boolean).join('; ')}`,
  );
}

async function settleWithin(work: Promise<unknown> | undefined, ms: number, onTimeout: () => void): Promise<void> {
  if (!work) return;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  const outcome = await Promise.race([
    work.then(
      () => 'done',
      () => 'done',
    ),
    late,
  ]);
  clearTimeout(timer);
  if (outcome === 'late') onTimeout();
}

export const DEFAULT_RETRY_DELAYS_MS = [1000, 10000, 60000];

/** The service's event pipeline on top of its broker connection and database: outbox relay and consumer. */
export const messagingPlugin = fp(
  async (app, opts: MessagingPluginOptions) => {
    const metrics = createMessagingMetrics(app.metrics.registry, async (backlog, age) => {
      const statuses = await outboxStatusOf(app.store.pointers.collection).catch(() => undefined);
      if (!statuses) return;
      for (const model of relay.watched) {
        const name = model.collection.collectionName;
        const status = statuses.get(name);
        backlog.set({ collection: name }, status?.backlog ?? 0);
        age.set(
          { collection: name },
          status?.oldestAt ? Math.max(0, (Date.now() - status.oldestAt.getTime()) / 1000) : 0,
        );
      }
    });
    const role = opts.role ?? (isServiceName(opts.service) ? opts.service : undefined);
    const publishes = role ? publishedBy(role) : [];
    const publisher = new EventPublisher({ logger: app.log, maxUnconfirmed: opts.maxUnconfirmed });
    const relay: OutboxRelay = new OutboxRelay({
      publisher,
      store: app.store,
      logger: app.log,
      metrics,
      ...opts.outbox,
    });
    let consumer: EventConsumer | undefined;
    const handledListeners = new Set<(eventId: string, type: string) => void>();

    app.broker.onConnected(async (model) => {
      // The subscribers' queues first: the relay publishes as soon as the publisher is attached.
      const channel = await model.createChannel();
      // A refused declaration (PRECONDITION_FAILED) rejects below and fails the setup; the channel's error adds nothing.
      channel.on('error', () => undefined);
      await declareSubscriberQueues(channel, publishes);
      await channel.close();
      await publisher.attach(model);
      if (consumer) await consumer.attach(model);
      // What waited during the outage: the documents written meanwhile, then the pointers the sweep finds stale.
      relay.sweep();
    });

    app.decorate<Messaging>('messaging', {
      relayOutbox: (model) => relay.add(model),
      flushOutbox: () => relay.flush(),
      onHandled(listener) {
        handledListeners.add(listener);
        return () => void handledListeners.delete(listener);
      },
      consume(handlers) {
        if (consumer) throw new Error('messaging.consume() may be called once per app');
        checkSubscription(opts.service, handlers, opts.subscription ?? (role ? SUBSCRIPTIONS[role] : undefined));
        consumer = new EventConsumer({
          service: opts.service,
          handlers,
          processed: new ProcessedEvents(
            app.mongo.collection('processed_events') as unknown as mongo.Collection<{ _id: string; at: Date }>,
            opts.service,
          ),
          logger: app.log,
          metrics,
          retryDelaysMs: opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
          retryJitter: opts.retryJitter ?? 0.2,
          prefetch: opts.prefetch ?? 32,
          onHandled: (eventId, type) => {
            for (const listener of handledListeners) listener(eventId, type);
          },
        });
        if (app.hasDecorator('jobs'))
          app.jobs.add(
            processedEventsRetention(
              app.mongo.collection('processed_events') as unknown as mongo.Collection<{ _id: string; at: Date }>,
              opts.processedEvents,
            ),
          );
        const model = app.broker.connection;
        if (model)
          void consumer
            .attach(model)
            .catch((err: Error) =>
              app.log.warn({ err: { message: err.message } }, 'consumer not started yet; waiting for reconnect'),
            );
      },
    });

    // Same name as the broker plugin's, stricter: the publisher and consumer channels must be open too. Reported, not a
    // readiness condition: during an outage writes go on into the outbox and are published when the broker is back.
    app.dependencies.add(
      'broker',
      () => app.broker.isConnected && publisher.isReady && (!consumer || consumer.isConsuming),
    );

    app.addHook('preClose', async () => {
      await settleWithin(consumer?.stopConsuming(), 2000, () => undefined);
    });
    // Bounded, so a broker that stopped answering cannot keep the process from exiting.
    app.addHook('onClose', async () => {
      const closeMs = opts.closeTimeoutMs ?? 8000;
      await settleWithin(consumer?.close(), closeMs, () =>
        app.log.warn('consumer did not finish in time; unacked messages will be redelivered'),
      );
      await settleWithin(relay.stop(), closeMs, () =>
        app.log.warn('outbox relay did not finish in time; its events stay in the outbox'),
      );
      await settleWithin(publisher.close(), 2000, () => undefined);
    });
  },
  { name: 'shopwire-messaging', dependencies: ['shopwire-broker', 'shopwire-metrics', 'shopwire-mongo'] },
);
