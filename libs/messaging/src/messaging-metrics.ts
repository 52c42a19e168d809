import { Counter, Gauge, type Registry } from 'prom-client';

export interface MessagingMetrics {
  published: Counter<'type'>;
  confirmed: Counter<'type'>;
  unroutable: Counter<'type'>;
  consumed: Counter<'type'>;
  retried: Counter<'type' | 'tier'>;
  deadLettered: Counter<'type' | 'reason'>;
  duplicate: Counter<'type'>;
  outboxBacklog: Gauge<'collection'>;
  outboxOldestAge: Gauge<'collection'>;
}

function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: L[]): Counter<L> {
  const existing = registry.getSingleMetric(name);
  return (existing as Counter<L> | undefined) ?? new Counter({ name, help, labelNames, registers: [registry] });
}

/** The event pipeline's counters and gauges, in the app's registry; the gauges are filled by `collectOutbox`. */
export function createMessagingMetrics(
  registry: Registry,
  collectOutbox: (backlog: Gauge<'collection'>, age: Gauge<'collection'>) => Promise<void>,
): MessagingMetrics {
  const outboxBacklog = new Gauge({
    name: 'shopwire_outbox_backlog',
    help: 'Events written but not yet confirmed by the broker',
    labelNames: ['collection'],
    registers: [registry],
  });
  const outboxOldestAge = new Gauge({
    name: 'shopwire_outbox_oldest_age_seconds',
    help: 'Age of the oldest event waiting in an outbox',
    labelNames: ['collection'],
    registers: [registry],
    // One scrape reads both gauges; the backlog gauge is filled in the same pass.
    async collect() {
      await collectOutbox(outboxBacklog, outboxOldestAge);
    },
  });
  return {
    published: counter(registry, 'shopwire_events_published_total', 'Events handed to the broker', ['type']),
    confirmed: counter(registry, 'shopwire_events_confirmed_total', 'Events the broker confirmed', ['type']),
    unroutable: counter(registry, 'shopwire_events_unroutable_total', 'Confirmed events no queue was bound for', [
      'type',
    ]),
    consumed: counter(registry, 'shopwire_events_consumed_total', 'Events handled successfully and acked', ['type']),
    retried: counter(registry, 'shopwire_events_retried_total', 'Failed deliveries sent to a retry tier', [
      'type',
      'tier',
    ]),
    deadLettered: counter(registry, 'shopwire_events_dead_lettered_total', 'Messages sent to the dead-letter queue', [
      'type',
      'reason',
    ]),
    duplicate: counter(
      registry,
      'shopwire_events_duplicate_total',
      'Deliveries of already handled events, acked without effect',
      ['type'],
    ),
    outboxBacklog,
    outboxOldestAge,
  };
}
