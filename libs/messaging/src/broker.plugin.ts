import fp from 'fastify-plugin';
import '@shopwire/service-kit';
import { BrokerConnection } from './broker-connection';

declare module 'fastify' {
  interface FastifyInstance {
    broker: BrokerConnection;
  }
}

/**
 * The service's broker connection, started with the app, closed on shutdown. Its state is reported (/health,
 * `shopwire_dependency_up`) but is no readiness condition: what a service writes waits in its outbox meanwhile.
 */
export const brokerPlugin = fp(
  async (app, opts: { url: string; connectionName: string }) => {
    const broker = new BrokerConnection({ url: opts.url, connectionName: opts.connectionName, logger: app.log });
    app.decorate('broker', broker);
    app.dependencies.add('broker', () => broker.isConnected);
    await broker.start();
    app.addHook('onClose', async () => broker.close());
  },
  { name: 'shopwire-broker', dependencies: ['shopwire-health'] },
);
