import type { FastifyInstance } from 'fastify';
import { Counter, Gauge } from 'prom-client';
import { decodeEvent, SUBSCRIPTIONS } from '@shopwire/contracts';
import { replicaFeed } from '@shopwire/messaging';
import { unavailable } from '@shopwire/service-kit';
import type { StoreDeps } from '../models';
import { applyEvent } from './event-facts';
import { LoadLoop } from './load-loop';
import { loadState } from './load-state';
import { ReplicaState } from './replica-state';

export interface Replica {
  /** The state to answer from; a 503 RECOMMENDATIONS_NOT_READY until the first load from the store is done. */
  current(): ReplicaState;
  /** The state events change, from the start (the loads lay the store over it). */
  state(): ReplicaState;
}

export interface ReplicaOptions extends StoreDeps {
  /** How long the first load waits for the feed's queue, so that no change falls between the read and the binding. */
  feedWaitMs: number;
}

/** Changes a replica keeps queued for itself at most; past that the oldest go (it rebuilds on its next subscription). */
const FEED_MAX_QUEUED = 100_000;
const FEED_PREFETCH = 200;

const notReady = () =>
  unavailable('RECOMMENDATIONS_NOT_READY', 'This replica is still loading what customers bought; try again shortly.');

/**
 * Each replica's recommendations in memory (docs/recommendations.md): loaded from the store at start (not ready until
 * then), kept current by the events this replica's durable consumer stores and by its own feed of every event, and
 * the store laid over it again whenever the feed resubscribes after a broker outage.
 */
export function startReplica(app: FastifyInstance, opts: ReplicaOptions): Replica {
  const state = new ReplicaState();
  let ready = false;
  let closing = false;

  const registers = [app.metrics.registry];
  new Gauge({
    name: 'shopwire_recommendation_purchases_counted',
    help: 'Confirmed, not cancelled orders this replica counts in its model',
    registers,
    collect() {
      this.set(ready ? state.counted : 0);
    },
  });
  const loads = new Counter({
    name: 'shopwire_recommendation_loads_total',
    help: 'Loads of this replica’s state from the store',
    labelNames: ['outcome'],
    registers,
  });

  const loadOnce = async (): Promise<void> => {
    await loadState(opts, state, app.log);
    ready = true;
    loads.inc({ outcome: 'loaded' });
  };
  const loop = new LoadLoop(loadOnce, (err, failures) => {
    loads.inc({ outcome: 'failed' });
    app.log.warn({ err: { message: err.message }, failures }, 'recommendations not loaded yet, retrying');
  });

  const feed = replicaFeed({
    name: 'recommendation feed',
    types: SUBSCRIPTIONS.recommendation,
    prefetch: FEED_PREFETCH,
    maxQueued: FEED_MAX_QUEUED,
    onMessage: (channel, msg) => {
      const decoded = decodeEvent(msg.content);
      // An invalid event is the durable consumer's to dead-letter; the feed only skips it.
      if (decoded.ok) {
        try {
          applyEvent(state, decoded.event);
        } catch (err) {
          app.log.warn({ err: { message: (err as Error).message } }, 'recommendation feed event not applied');
        }
      }
      channel.ack(msg);
    },
    // Changes made while this replica had no queue bound reached it only through the store.
    onSubscribed: () => {
      if (ready || loop.busy) loop.request();
    },
    onError: (err, what) => app.log.warn({ err: { message: err.message } }, what),
  });
  app.broker.onConnected((model) => feed.subscribe(model));

  app.readiness.add('recommendations', () => ready);

  app.addHook('onReady', async () => {
    void feed.firstSubscription(opts.feedWaitMs).then(() => {
      if (!closing && !ready && !loop.busy) loop.request();
    });
  });
  app.addHook('onClose', async () => {
    closing = true;
    await feed.close();
    await loop.stop();
  });
  return {
    current: () => {
      if (!ready) throw notReady();
      return state;
    },
    state: () => state,
  };
}
