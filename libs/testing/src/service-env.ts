import { testEnv } from './ports';

export interface ServiceTestEnvOptions {
  /** The service's own database. */
  db: string;
  /** The test token issuer's keys. */
  jwksUrl: string;
  /** The broker; the shared test vhost unless the test has one of its own. */
  amqpUrl?: string;
  logLevel?: string;
  /** Event retries in fractions of a second. */
  retryDelaysMs?: string;
}

/** The environment a service under test loads its config from; `extra` adds the service's own variables or overrides. */
export function serviceTestEnv(
  opts: ServiceTestEnvOptions,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    MONGO_URL: testEnv.mongoUrl,
    AMQP_URL: opts.amqpUrl ?? testEnv.amqpUrl,
    MONGO_DB: opts.db,
    LOG_LEVEL: opts.logLevel ?? 'silent',
    JWKS_URL: opts.jwksUrl,
    EVENT_RETRY_DELAYS_MS: opts.retryDelaysMs ?? '300,600,1200',
    ...extra,
  };
}

/** Anything answering in-process requests, as a built service app does. */
export interface Injectable {
  inject(request: { method: 'GET'; url: string }): PromiseLike<{ body: string }>;
}

/**
 * A service's own count of events of a type, summed over the `shopwire_events_<name>_total` counters of /metrics
 * for each of `names` (e.g. consumed and duplicate).
 */
export async function eventMetricCount(app: Injectable, names: readonly string[], type: string): Promise<number> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  const pattern = new RegExp(
    `^shopwire_events_(?:${names.join('|')})_total\\{[^}]*type="${type.replaceAll('.', '\\.')}"[^}]*\\} (\\d+)$`,
    'gm',
  );
  let total = 0;
  for (const match of text.matchAll(pattern)) total += Number(match[1]);
  return total;
}

/** A service's own count of handled events of a type (duplicates included), from its /metrics. */
export function handledEventCount(app: Injectable, type: string): Promise<number> {
  return eventMetricCount(app, ['consumed', 'duplicate'], type);
}
