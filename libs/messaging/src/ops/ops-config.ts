import { Type } from '@sinclair/typebox';
import { brokerConfig, loadConfig, storeConfig } from '@shopwire/service-kit';

export const opsConfigSchema = {
  ...brokerConfig(),
  MONGO_URL: storeConfig({ database: 'unused' }).MONGO_URL,
  // service=database pairs: which services the CLI knows and where each keeps its outboxes.
  OPS_SERVICES: Type.String({ default: 'user=users,catalog=catalog,order=orders,notification=notifications', pattern: '^[a-z0-9-]+=[A-Za-z0-9_-]+(,[a-z0-9-]+=[A-Za-z0-9_-]+)*$' }),
};

export interface OpsConfig {
  amqpUrl: string;
  mongoUrl: string;
  /** Service name → its database. */
  services: Map<string, string>;
}

export function loadOpsConfig(env?: NodeJS.ProcessEnv): OpsConfig {
  const raw = loadConfig(opsConfigSchema, env);
  const services = new Map(raw.OPS_SERVICES.split(',').map((pair) => pair.split('=') as [string, string]));
  return { amqpUrl: raw.AMQP_URL, mongoUrl: raw.MONGO_URL, services };
}
