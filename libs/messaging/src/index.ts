export { BrokerConnection } from './broker-connection';
export type { BrokerConnectionOptions, BrokerLogger } from './broker-connection';
export { brokerPlugin } from './broker.plugin';
