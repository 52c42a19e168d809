import { createServer, mongoPlugin, type ServiceApp } from '@shopwire/service-kit';
import { brokerPlugin } from '@shopwire/messaging';
import type { DestinationStream } from 'pino';
import type { OrderServiceConfig } from './config';

export interface BuildOptions {
  logStream?: DestinationStream;
}

export async function buildApp(config: OrderServiceConfig, opts: BuildOptions = {}): Promise<ServiceApp> {
  const app = createServer({ service: 'order-service', logLevel: config.LOG_LEVEL, logStream: opts.logStream });
  await app.register(mongoPlugin, { url: config.MONGO_URL, dbName: config.MONGO_DB });
  await app.register(brokerPlugin, { url: config.AMQP_URL, connectionName: 'order-service' });
  return app;
}
