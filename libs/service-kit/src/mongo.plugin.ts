import fp from 'fastify-plugin';
import mongoose, { type Connection } from 'mongoose';
import { watchHeartbeats } from './heartbeat-watchdog';
import { createAggregateStore, type AggregateStore } from './store/aggregate-store';

declare module 'fastify' {
  interface FastifyInstance {
    mongo: Connection;
    /** Every write of one document goes through here (SPEC section 9). */
    store: AggregateStore;
  }
}

export interface MongoPluginOptions {
  url: string;
  dbName: string;
  /** How long a query waits for a down store before it fails (and the request answers 503). */
  serverSelectionTimeoutMS?: number;
}

const MAX_BACKOFF_MS = 5000;
const CONNECT_TIMEOUT_MS = 10000;
// Longer than a healthy heartbeat can take: the driver's own check gives up after connectTimeoutMS, plus the
// 10 s (heartbeatFrequencyMS) a streaming hello may wait on MongoDB.
const HEARTBEAT_LIMIT_MS = CONNECT_TIMEOUT_MS + 10000 + 5000;

/**
 * The service's own database. The process starts even when the store is down: it keeps trying in the
 * background and readiness reports `mongo` down until the first connection succeeds; after that the driver
 * reconnects by itself.
 */
export const mongoPlugin = fp(
  async (app, opts: MongoPluginOptions) => {
    const selectionTimeout = opts.serverSelectionTimeoutMS ?? 3000;
    const connection = mongoose.createConnection();
    connection.set('bufferTimeoutMS', selectionTimeout);
    let closing = false;
    let retryTimer: NodeJS.Timeout | undefined;
    let unwatch: (() => void) | undefined;

    // A client whose monitor is wedged never recovers by itself: close it and connect afresh.
    const reconnect = async (): Promise<void> => {
      if (closing) return;
      app.log.warn({ db: opts.dbName }, 'a store heartbeat never finished (driver monitor stuck); reconnecting');
      // Not forced: mongoose refuses every later operation on a connection that was force-closed.
      await connection.close().catch(() => undefined);
      if (!closing) void connect(0);
    };

    const connect = async (attempt: number): Promise<void> => {
      try {
        // Commands are monitored so tests can prove a path reads and writes documents only by _id.
        await connection.openUri(opts.url, {
          dbName: opts.dbName,
          serverSelectionTimeoutMS: selectionTimeout,
          connectTimeoutMS: CONNECT_TIMEOUT_MS,
          monitorCommands: true,
        });
        app.log.info({ db: opts.dbName }, 'store connected');
        unwatch = watchHeartbeats(connection.getClient(), HEARTBEAT_LIMIT_MS, () => void reconnect());
      } catch (err) {
        if (closing) return;
        const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempt) * (0.5 + Math.random() / 2);
        app.log.warn(
          { err: { message: (err as Error).message }, retryInMs: Math.round(delay) },
          'store unreachable, retrying',
        );
        retryTimer = setTimeout(() => void connect(attempt + 1), delay);
      }
    };
    void connect(0);

    app.decorate('mongo', connection);
    app.decorate('store', createAggregateStore(connection));
    app.readiness.add('mongo', async () => {
      if (connection.readyState !== 1 || !connection.db) return false;
      await connection.db.command({ ping: 1 });
      return true;
    });
    app.addHook('onClose', async () => {
      closing = true;
      clearTimeout(retryTimer);
      unwatch?.();
      await connection.close(true);
    });
  },
  { name: 'shopwire-mongo', dependencies: ['shopwire-health'] },
);
