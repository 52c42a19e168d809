import fp from 'fastify-plugin';
import { Counter, Gauge } from 'prom-client';
import { unavailable } from '@shopwire/service-kit';
import type { StoreDeps } from '../models';
import { applyEvent } from './event-facts';
import { LoadLoop } from './load-loop';
import { loadState } from './load-state';
import { ReplicaFeed } from './replica-feed';
import { ReplicaState } from './replica-state';

declare module 'fastify' {
  interface FastifyInstance {
    recommendations: Replica;
  }
}

export interface Replica {
  /** The state to answer from; a 503 RECOMMENDATIONS_NOT_READY until the first load from the store is done. */
  current(): ReplicaState;
  /** Applies a change now, and again to the state a running load will swap in (so the load misses nothing). */
  apply<T>(change: (state: ReplicaState) => T): T;
  /** The state changes are applied to now (before the first load, one that waits to be laid over it). */
  state(): ReplicaState;
  isReady(): boolean;
  /** Reads the store again (in the background) and swaps the new state in when done. */
  rebuild(): void;
}

export interface RecommendationsPluginOptions extends StoreDeps {
  /** How long the first load waits for the feed's queue, so that no change falls between the read and the binding. */
  feedWaitMs: number;
}

const notReady = () => unavailable('RECOMMENDATIONS_NOT_READY', 'This replica is still loading what customers bought; try again shortly.');

/**
 * Each replica's recommendations in memory (docs/recommendations.md): loaded from the store at start (not ready until
 * then), kept current by the events this replica's durable consumer stores and by its own feed of every event, and
 * loaded again whenever the feed resubscribes after a broker outage.
 */
export const recommendationsPlugin = fp(
  async (app, opts: RecommendationsPluginOptions) => {
    let state = new ReplicaState();
    let ready = false;
    /** While a load reads the store: the changes made meanwhile, to lay over what it read. */
    let pending: Array<(state: ReplicaState) => unknown> | undefined;
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
    const loads = new Counter({ name: 'shopwire_recommendation_loads_total', help: 'Loads of this replica’s state from the store', labelNames: ['outcome'], registers });

    const apply = <T>(change: (s: ReplicaState) => T): T => {
      pending?.push(change);
      return change(state);
    };

    const loadOnce = async (): Promise<void> => {
      pending = [];
      try {
        const loaded = await loadState(opts, app.log);
        for (const change of pending) change(loaded);
        state = loaded;
        ready = true;
        loads.inc({ outcome: 'loaded' });
      } finally {
        pending = undefined;
      }
    };
    const loop = new LoadLoop(loadOnce, (err, failures) => {
      loads.inc({ outcome: 'failed' });
      app.log.warn({ err: { message: err.message }, failures }, 'recommendations not loaded yet, retrying');
    });

    let feedBound: () => void = () => undefined;
    const firstBinding = new Promise<void>((resolve) => {
      feedBound = resolve;
    });
    const feed = new ReplicaFeed({
      onEvent: (event) => apply((s) => applyEvent(s, event)),
      // Changes made while this replica had no queue bound reached it only through the store.
      onSubscribed: () => {
        feedBound();
        if (ready || loop.busy) loop.request();
      },
      onError: (err, what) => app.log.warn({ err: { message: err.message } }, what),
    });
    app.broker.onConnected((model) => feed.subscribe(model));

    app.readiness.add('recommendations', () => ready);
    app.decorate('recommendations', {
      current: () => {
        if (!ready) throw notReady();
        return state;
      },
      apply,
      state: () => state,
      isReady: () => ready,
      rebuild: () => loop.request(),
    } satisfies Replica);

    let feedWait: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      const waited = new Promise<void>((resolve) => {
        feedWait = setTimeout(resolve, opts.feedWaitMs);
      });
      void Promise.race([firstBinding, waited]).then(() => {
        clearTimeout(feedWait);
        if (!closing && !ready && !loop.busy) loop.request();
      });
    });
    app.addHook('onClose', async () => {
      closing = true;
      clearTimeout(feedWait);
      await feed.close();
      await loop.stop();
    });
  },
  { name: 'recommendations', dependencies: ['shopwire-broker', 'shopwire-metrics', 'shopwire-mongo'] },
);
