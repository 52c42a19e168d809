import { randomUUID } from 'node:crypto';
import {
  startOtlpReceiver,
  unique,
  waitFor,
  type CollectedSpan,
  type OtlpReceiver,
  type ServiceName,
} from '@shopwire/testing';
import { gatewayApi, untilAccepted } from './gateway-api';
import { startSystemOnOwnVhost, type OwnSystem } from './own-system';

const ADMIN = { email: `${unique('trace-admin')}@example.com`, password: 'trace-admin-horse-9' };
const TRACED = ['api-gateway', 'order-service', 'catalog-service', 'notification-service'];

/** The sum of a metric's samples in Prometheus text whose labels include `labels`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => present[k] === v)) sum += Number(match[3]);
  }
  return sum;
}

describe('one order through the whole system: one trace, and metrics that count it', () => {
  let receiver: OtlpReceiver;
  let system: OwnSystem;
  const { api, token: login, register, addCategory, addProduct } = gatewayApi(() => system.gatewayUrl);

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    system = await startSystemOnOwnVhost(
      { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '200' },
      ADMIN,
    );
  }, 120000);

  afterAll(async () => {
    await system?.stop();
    await receiver?.close();
  });

  /** Places one order and waits until it is confirmed; the tests share it (memoised). */
  let saga: Promise<{ orderId: string }> | undefined;
  const confirmedOrder = (): Promise<{ orderId: string }> =>
    (saga ??= (async () => {
      const admin = await waitFor(() => login(ADMIN.email, ADMIN.password), {
        timeoutMs: 20000,
        description: 'the admin account',
      });
      const category = unique('trace').toLowerCase();
      await addCategory(admin, category, 'Traced');
      const productId = await addProduct(admin, { name: 'Traced teapot', category, amount: 2500, available: 5 });
      const email = `${unique('traced')}@example.com`;
      expect((await register(email, 'traced-horse-9', 'Traced Buyer')).status).toBe(201);
      const token = await waitFor(() => login(email, 'traced-horse-9'), {
        timeoutMs: 20000,
        description: 'the customer login',
      });

      // Until order-service has copied the new product it answers 422 and stores nothing; the accepted try is the traced one.
      const key = randomUUID();
      const order = await untilAccepted(() =>
        api<{ id: string }>(
          'POST',
          '/api/v1/orders',
          token,
          {
            items: [{ productId, quantity: 1 }],
            shippingAddress: {
              name: 'Traced Buyer',
              line1: '1 Span Street',
              city: 'Berlin',
              postalCode: '10115',
              country: 'DE',
            },
            payment: { method: 'card', token: 'tok_visa' },
          },
          { 'idempotency-key': key },
        ),
      );
      await waitFor(
        async () =>
          (await api<{ status: string }>('GET', `/api/v1/orders/${order.id}`, token)).body.status === 'confirmed',
        { timeoutMs: 60000, description: 'the order to be confirmed' },
      );
      return { orderId: order.id };
    })());

  it('when an order is placed through the gateway, then every span of its saga shares one trace id and each consumer span is a child of a publish span', async () => {
    await confirmedOrder();
    const isAcceptedPost = (s: CollectedSpan): boolean =>
      s.service === 'api-gateway' &&
      s.kind === 'SERVER' &&
      [s.attributes['http.response.status_code'], s.attributes['http.status_code']].includes(202) &&
      Object.values(s.attributes).some((v) => v === 'POST');
    const root = (
      await receiver.waitForSpans((all) => all.some(isAcceptedPost), {
        timeoutMs: 20000,
        description: 'the gateway span of the accepted POST',
      })
    ).find(isAcceptedPost);
    if (!root) throw new Error('no gateway span of the accepted POST');
    // Each process exports its spans in its own batches, so one service's spans can arrive long after another's:
    // wait until the trace holds a span of every traced service and the consumer span of each saga step.
    const complete = (spans: CollectedSpan[]): boolean => {
      const services = new Set(spans.map((s) => s.service));
      const consuming = new Set(spans.filter((s) => s.kind === 'CONSUMER').map((s) => s.service));
      const producing = new Set(spans.filter((s) => s.kind === 'PRODUCER').map((s) => s.service));
      return (
        TRACED.every((name) => services.has(name)) &&
        ['catalog-service', 'order-service', 'notification-service'].every((name) => consuming.has(name)) &&
        ['order-service', 'catalog-service'].every((name) => producing.has(name))
      );
    };
    const trace = await receiver
      .waitForSpans(() => complete(receiver.traceOf(root.traceId)), {
        timeoutMs: 30000,
        description: `spans of every service in trace ${root.traceId}`,
      })
      .then(() => receiver.traceOf(root.traceId));

    expect(root.parentSpanId).toBeUndefined();
    // user-service may be in it too: order-service fetches the key set on its first token.
    expect([...new Set(trace.map((s) => s.service))]).toEqual(expect.arrayContaining(TRACED));
    const consumers = trace.filter((s) => s.kind === 'CONSUMER');
    const producers = trace.filter((s) => s.kind === 'PRODUCER');
    expect(consumers.map((s) => s.service)).toEqual(
      expect.arrayContaining(['catalog-service', 'order-service', 'notification-service']),
    );
    for (const consumer of consumers) {
      expect({ consumer: consumer.name, parent: receiver.parentOf(consumer)?.kind }).toEqual({
        consumer: consumer.name,
        parent: 'PRODUCER',
      });
    }
    expect(producers.map((s) => s.service)).toEqual(expect.arrayContaining(['order-service', 'catalog-service']));
  });

  it('when the saga has run, then the /metrics of every process has the HTTP histogram and event counters that match the traffic', async () => {
    await confirmedOrder();
    const scrape = async (name: ServiceName): Promise<string> =>
      (
        await fetch(
          name === 'api-gateway' ? system.gatewayMetricsUrl : `http://127.0.0.1:${system.ports[name]}/metrics`,
        )
      ).text();
    const [gateway, users, catalog, orders, notifications] = [
      await scrape('api-gateway'),
      await scrape('user-service'),
      await scrape('catalog-service'),
      await scrape('order-service'),
      await scrape('notification-service'),
    ];

    for (const text of [gateway, users, catalog, orders, notifications]) {
      expect(sample(text, 'http_request_duration_seconds_count')).toBeGreaterThan(0);
      // A histogram's +Inf bucket counts every observation.
      expect(sample(text, 'http_request_duration_seconds_bucket', { le: '+Inf' })).toBe(
        sample(text, 'http_request_duration_seconds_count'),
      );
    }
    expect(
      sample(orders, 'http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/v1/orders',
        status_code: '202',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(users, 'shopwire_events_published_total', { type: 'user.registered' })).toBeGreaterThanOrEqual(1);
    expect(sample(catalog, 'shopwire_events_consumed_total', { type: 'order.placed' })).toBeGreaterThanOrEqual(1);
    expect(sample(catalog, 'shopwire_events_confirmed_total', { type: 'stock.reserved' })).toBeGreaterThanOrEqual(1);
    expect(sample(orders, 'shopwire_events_consumed_total', { type: 'stock.reserved' })).toBeGreaterThanOrEqual(1);
    expect(sample(orders, 'shopwire_events_confirmed_total', { type: 'order.confirmed' })).toBeGreaterThanOrEqual(1);
    expect(sample(notifications, 'shopwire_events_consumed_total', { type: 'order.confirmed' })).toBeGreaterThanOrEqual(
      1,
    );
    for (const text of [users, catalog, orders, notifications]) {
      expect(sample(text, 'shopwire_events_confirmed_total')).toBeLessThanOrEqual(
        sample(text, 'shopwire_events_published_total'),
      );
      expect(sample(text, 'shopwire_events_dead_lettered_total')).toBe(0);
    }
    expect(orders).toMatch(/^shopwire_outbox_oldest_age_seconds\{/m);
  });
});
