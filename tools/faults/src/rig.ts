import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import {
  freePort,
  startOwnBroker,
  startOwnFerret,
  startSmtpSink,
  waitForReady,
  type OwnBroker,
  type OwnFerret,
  type SmtpSink,
  startSystem,
  type RunningSystem,
  type ServiceName,
} from '@shopwire/testing';
import { ProcessWatch } from './process-watch';

export const PROCESS_NAMES: ServiceName[] = [
  'user-service',
  'catalog-service',
  'order-service',
  'notification-service',
  'recommendation-service',
  'api-gateway',
];

/** Everything one run owns: its broker node, its store, its mail sink, the six processes and a store client. */
export interface FaultRig {
  broker: OwnBroker;
  store: OwnFerret;
  sink: SmtpSink;
  system: RunningSystem;
  watch: ProcessWatch;
  /** A client of the store for fixtures and checks (a new one after each store restart). */
  readonly db: mongoose.mongo.MongoClient;
  admin: { email: string; password: string };
  /** Starts one process again after it was killed, and watches the new one. */
  restart(name: ServiceName): Promise<void>;
  /** Restarts the store on the same data, and watches the new store process. */
  restartStore(): Promise<void>;
  /** Resolves once the gateway answers and reports every service behind it ready. */
  ready(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** `extraEnv` goes to every process (e.g. LOG_LEVEL=info when reading a failed run). */
export async function startRig(log: (line: string) => void, extraEnv: Record<string, string> = {}): Promise<FaultRig> {
  const cleanups: Array<() => Promise<unknown>> = [];
  let closing: Promise<void> | undefined;
  // Once, newest first, whoever asks (the end of the run or the budget's last resort).
  const close = (): Promise<void> => {
    closing ??= (async () => {
      for (const cleanup of cleanups.reverse())
        await cleanup().catch((error: Error) => log(`cleanup: ${error.message}`));
    })();
    return closing;
  };
  try {
    const watch = new ProcessWatch();
    log('starting an own RabbitMQ node, an own FerretDB and an SMTP sink');
    const started = await Promise.allSettled([
      startOwnBroker('faults'),
      freePort().then(startOwnFerret),
      startSmtpSink(),
    ] as const);
    const [brokerStart, storeStart, sinkStart] = started;
    if (brokerStart.status === 'fulfilled') cleanups.push(() => brokerStart.value.destroy());
    if (storeStart.status === 'fulfilled') cleanups.push(() => storeStart.value.stop());
    if (sinkStart.status === 'fulfilled') cleanups.push(() => sinkStart.value.close());
    if (brokerStart.status === 'rejected') throw brokerStart.reason;
    if (storeStart.status === 'rejected') throw storeStart.reason;
    if (sinkStart.status === 'rejected') throw sinkStart.reason;
    const [broker, store, sink] = [brokerStart.value, storeStart.value, sinkStart.value];
    watch.watch('ferretdb', store.process);
    cleanups.push(async () => watch.expectExit(store.process));
    let db = await new mongoose.mongo.MongoClient(store.url).connect();
    cleanups.push(() => db.close());

    const admin = {
      email: `faults-admin-${randomUUID().slice(0, 8)}@faults.example.com`,
      password: 'faults admin password 9',
    };
    log('starting the six processes');
    const system = await startSystem(
      {
        AMQP_URL: broker.url,
        MONGO_URL: store.url,
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: sink.url,
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
        ...extraEnv,
      },
      { readyFirst: ['notification-service'] },
    );
    cleanups.push(async () => {
      watch.expectAllExits();
      await system.stop();
    });
    for (const name of PROCESS_NAMES) watch.watch(name, system.processes[name]);

    const ready = async (timeoutMs = 60000): Promise<void> => {
      // The gateway's own readiness says nothing of the services behind it: its /health reports each one.
      await waitForReady(system.gatewayUrl, timeoutMs, 'the gateway and every service to be ready');
    };
    return {
      broker,
      store,
      sink,
      system,
      watch,
      get db() {
        return db;
      },
      admin,
      ready,
      async restart(name) {
        await system.start(name);
        watch.watch(name, system.processes[name]);
      },
      async restartStore() {
        watch.expectExit(store.process);
        await store.restart();
        watch.watch('ferretdb', store.process);
        // A fresh client for the checks: the driver's monitor can stay wedged after a store restart (see service-kit's heartbeat watchdog).
        await db.close().catch(() => undefined);
        db = await new mongoose.mongo.MongoClient(store.url).connect();
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
