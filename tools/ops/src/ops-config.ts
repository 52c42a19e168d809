import { Type } from '@sinclair/typebox';
import { brokerConfig, ConfigError, loadConfig, storeConfig } from '@shopwire/service-kit';

export const opsConfigSchema = {
  ...brokerConfig(),
  // Where a service without a URL of its own keeps its database (one store for all, as on a laptop).
  MONGO_URL: storeConfig({ database: 'unused' }).MONGO_URL,
  // service=database pairs: which services the CLI knows and where each keeps its outboxes.
  OPS_SERVICES: Type.String({
    default:
      'user=users,catalog=catalog,order=orders,notification=notifications,webhook=webhooks,recommendation=recommendations',
    pattern: '^[a-z0-9-]+=[A-Za-z0-9_-]+(,[a-z0-9-]+=[A-Za-z0-9_-]+)*$',
  }),
  // service=mongodb-url pairs separated by ';' or whitespace (a replica set's URL holds commas): each service's own
  // MongoDB. OPS_MONGO_URL_<SERVICE> (e.g. OPS_MONGO_URL_ORDER) names one and wins over this list.
  OPS_MONGO_URLS: Type.String({ default: '' }),
};

export interface OpsConfig {
  amqpUrl: string;
  /** Service name → its database. */
  services: Map<string, string>;
  /** Service name → the MongoDB URL its database is on. */
  mongoUrls: Map<string, string>;
}

const envName = (service: string) => `OPS_MONGO_URL_${service.toUpperCase().replace(/-/g, '_')}`;

export function loadOpsConfig(env?: NodeJS.ProcessEnv): OpsConfig {
  const raw = loadConfig(opsConfigSchema, env);
  const services = new Map(raw.OPS_SERVICES.split(',').map((pair) => pair.split('=') as [string, string]));
  const listed = new Map<string, string>();
  for (const entry of raw.OPS_MONGO_URLS.split(/[;\s]+/).filter(Boolean)) {
    const at = entry.indexOf('=');
    const [service, url] = [entry.slice(0, at), entry.slice(at + 1)];
    if (at <= 0 || !/^mongodb(\+srv)?:\/\//.test(url))
      throw new ConfigError(`OPS_MONGO_URLS: "${entry}" is not service=mongodb://…`);
    if (!services.has(service))
      throw new ConfigError(
        `OPS_MONGO_URLS names "${service}", which OPS_SERVICES does not know (${[...services.keys()].join(', ')})`,
      );
    listed.set(service, url);
  }
  const own = loadConfig(
    Object.fromEntries([...services.keys()].map((service) => [envName(service), Type.String({ default: '' })])),
    env,
  );
  const mongoUrls = new Map(
    [...services.keys()].map((service) => [service, own[envName(service)] || listed.get(service) || raw.MONGO_URL]),
  );
  return { amqpUrl: raw.AMQP_URL, services, mongoUrls };
}

/** The services grouped by the MongoDB they are on (service → database), so each server is asked once. */
export function servicesByMongoUrl(config: OpsConfig): Map<string, Map<string, string>> {
  const groups = new Map<string, Map<string, string>>();
  for (const [service, database] of config.services) {
    const url = config.mongoUrls.get(service) ?? '';
    groups.set(url, (groups.get(url) ?? new Map()).set(service, database));
  }
  return groups;
}
