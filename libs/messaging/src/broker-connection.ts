import amqp, { type ChannelModel, type RecoveringChannelModel } from 'amqplib';

export interface BrokerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface BrokerConnectionOptions {
  url: string;
  /** Shown in the broker's management UI, so operators see who is connected. */
  connectionName: string;
  heartbeatSeconds?: number;
  maxBackoffMs?: number;
  logger: BrokerLogger;
}

export type ConnectedHook = (model: ChannelModel) => Promise<void>;

function withHeartbeat(url: string, seconds: number): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('heartbeat')) parsed.searchParams.set('heartbeat', String(seconds));
  return parsed.toString();
}

/**
 * One AMQP connection that heals itself (amqplib's recovery: exponential backoff with jitter, forever). Every
 * hook registered with `onConnected` runs after each (re)connect, so topology and consumers come back.
 */
export class BrokerConnection {
  private model: RecoveringChannelModel | undefined;
  private current: ChannelModel | undefined;
  private readonly hooks: ConnectedHook[] = [];

  constructor(private readonly opts: BrokerConnectionOptions) {}

  get isConnected(): boolean {
    return this.current !== undefined;
  }

  /** The live connection, or undefined during an outage. */
  get connection(): ChannelModel | undefined {
    return this.current;
  }

  onConnected(hook: ConnectedHook): void {
    this.hooks.push(hook);
    const model = this.current;
    if (model) {
      void hook(model).catch(async (err) => {
        // A failed setup closes the connection, so recovery tries the whole setup again.
        this.opts.logger.error({ err }, 'broker setup failed; reconnecting');
        await model.close().catch(() => undefined);
      });
    }
  }

  async start(): Promise<void> {
    const log = this.opts.logger;
    this.model = await amqp.connect(withHeartbeat(this.opts.url, this.opts.heartbeatSeconds ?? 10), {
      clientProperties: { connection_name: this.opts.connectionName },
      recovery: {
        waitForConnect: false,
        initialDelay: 200,
        maxDelay: this.opts.maxBackoffMs ?? 10000,
        jitter: 0.3,
        maxRetries: Infinity,
        // A throwing hook fails the setup, so amqplib closes the connection and recovers it with backoff.
        setup: async (model: ChannelModel) => {
          this.current = model;
          try {
            for (const hook of this.hooks) await hook(model);
          } catch (err) {
            this.current = undefined;
            this.opts.logger.error({ err }, 'broker setup failed; reconnecting');
            throw err;
          }
        },
      },
    });
    this.model.on('connect', () => log.info({}, 'broker connected'));
    this.model.on('disconnect', (err: Error) => {
      this.current = undefined;
      log.warn({ err: { message: err?.message } }, 'broker disconnected');
    });
    this.model.on('connect-failed', (err: Error) => {
      this.current = undefined;
      log.warn({ err: { message: err.message } }, 'broker unreachable');
    });
    this.model.on('error', (err: Error) => log.warn({ err: { message: err.message } }, 'broker connection error'));
    this.model.on('blocked', (reason: string) => log.warn({ reason }, 'broker blocked the connection'));
  }

  async close(): Promise<void> {
    const model = this.model;
    this.model = undefined;
    this.current = undefined;
    if (model) await model.close().catch(() => undefined);
  }
}
