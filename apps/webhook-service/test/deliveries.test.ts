import { waitFor } from '@shopwire/testing';
import { startReceiver, type Receiver } from './support/receiver';
import {
  confirmedData,
  orderData,
  productData,
  publish,
  type AdminClient,
  useWebhookSuite,
} from './support/webhook-service';

interface DeliveryBody {
  id: string;
  eventId: string;
  state: string;
  attemptCount: number;
  lastStatus?: number;
  lastError?: string;
  attempts: Array<{ status?: number; body?: string; error?: string }>;
}

describe('signed webhook deliveries', () => {
  let admin: AdminClient;
  const receivers = {} as Record<'ok' | 'flaky' | 'gone' | 'hanging' | 'fast' | 'rotated', Receiver>;

  useWebhookSuite(
    async () => {
      receivers.ok = await startReceiver();
      receivers.flaky = await startReceiver((n) => (n === 1 ? 500 : 200));
      receivers.gone = await startReceiver(() => 410);
      receivers.hanging = await startReceiver(() => 'hang');
      receivers.fast = await startReceiver();
      receivers.rotated = await startReceiver();
      return {
        receivers: Object.values(receivers),
        env: { WEBHOOK_TIMEOUT_MS: '10000', WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT: '2' },
      };
    },
    (suite) => ({ admin } = suite),
  );

  /** Registers the receiver as an endpoint for these types and tells it the secret, as a partner would keep it. */
  const register = async (receiver: Receiver, eventTypes: string[]): Promise<string> => {
    const res = await admin.post('/api/v1/webhooks/endpoints', {
      url: receiver.url,
      eventTypes,
      description: 'test receiver',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json<{ id: string; secret: string }>();
    expect(body.secret).toMatch(/^whsec_/);
    receiver.secrets.push(body.secret);
    return body.id;
  };
  const deliveriesOf = async (endpointId: string): Promise<DeliveryBody[]> =>
    (await admin.get(`/api/v1/webhooks/endpoints/${endpointId}/deliveries?limit=100`)).json<{ items: DeliveryBody[] }>()
      .items;

  it('when an order is placed and confirmed, then the endpoint receives both events, signed, in their public envelope', async () => {
    const endpointId = await register(receivers.ok, ['order.placed', 'order.confirmed']);
    const order = confirmedData();
    const { items, ...total } = order;

    const placed = await publish('order.placed', order);
    const confirmed = await publish('order.confirmed', order);
    await publish('order.shipped', total);

    await waitFor(() => receivers.ok.received.length >= 2, { timeoutMs: 15000, description: 'both events delivered' });
    expect(receivers.ok.received.map((r) => [r.id, r.type]).sort()).toEqual(
      [
        [placed.id, 'order.placed'],
        [confirmed.id, 'order.confirmed'],
      ].sort(),
    );
    const payload = receivers.ok.received.find((r) => r.type === 'order.confirmed')?.payload;
    expect(payload).toEqual({
      id: confirmed.id,
      type: 'order.confirmed',
      version: confirmed.version,
      occurredAt: confirmed.occurredAt,
      data: order,
    });
    expect(confirmed.version).toBeGreaterThanOrEqual(1);
    expect(items).toHaveLength(1);
    await waitFor(async () => (await deliveriesOf(endpointId)).filter((d) => d.state === 'delivered').length === 2, {
      description: 'the log to show both delivered',
    });
    const log = await deliveriesOf(endpointId);
    expect(log.map((d) => d.lastStatus)).toEqual([200, 200]);
    expect(log[0]?.attempts[0]?.body).toHaveLength(1024);
  });

  it('when the endpoint answers 500 and then 200, then the event arrives on a retry and the log shows two attempts', async () => {
    const endpointId = await register(receivers.flaky, ['order.cancelled']);

    const event = await publish('order.cancelled', { orderId: 'o-flaky', userId: 'u-1', reason: 'customer' });

    await waitFor(() => receivers.flaky.received.length >= 2, { timeoutMs: 15000, description: 'the retry to arrive' });
    expect(receivers.flaky.received.map((r) => r.id)).toEqual([event.id, event.id]);
    const [delivery] = await waitFor(
      async () => {
        const log = await deliveriesOf(endpointId);
        return log[0]?.state === 'delivered' ? log : undefined;
      },
      { description: 'the delivery to be recorded' },
    );
    expect(delivery).toMatchObject({ eventId: event.id, attemptCount: 2, lastStatus: 200, state: 'delivered' });
    expect(delivery?.attempts.map((a) => a.status)).toEqual([500, 200]);
  });

  it('when the endpoint answers 410, then it is disabled and gets nothing more', async () => {
    const endpointId = await register(receivers.gone, ['product.created', 'product.archived']);

    await publish('product.created', productData('p-gone', 'SKU-GONE', 'Gone'));

    const endpoint = await waitFor(
      async () => {
        const body = (await admin.get(`/api/v1/webhooks/endpoints/${endpointId}`)).json<{
          enabled: boolean;
          disabledReason?: string;
        }>();
        return body.enabled ? undefined : body;
      },
      { timeoutMs: 15000, description: 'the endpoint to be disabled' },
    );
    expect(endpoint.disabledReason).toBe('gone');
    expect((await deliveriesOf(endpointId))[0]).toMatchObject({ state: 'failed', lastStatus: 410, attemptCount: 1 });
  });

  it('when one endpoint never answers, then another endpoint still gets its deliveries at once', async () => {
    const hangingId = await register(receivers.hanging, ['order.shipped']);
    await register(receivers.fast, ['order.shipped']);

    const events = [];
    for (let i = 0; i < 6; i++) events.push(await publish('order.shipped', orderData()));

    await waitFor(() => receivers.fast.received.length >= 6, {
      timeoutMs: 5000,
      description: 'the fast endpoint to get all six while the other hangs',
    });
    expect(receivers.hanging.requests).toBeLessThanOrEqual(2);
    expect((await deliveriesOf(hangingId)).every((d) => d.state === 'pending')).toBe(true);
  });

  it('when the secret is rotated, then deliveries verify with the old and with the new secret', async () => {
    const endpointId = await register(receivers.rotated, ['order.delivered']);
    const [oldSecret] = receivers.rotated.secrets;

    const rotated = await admin.post(`/api/v1/webhooks/endpoints/${endpointId}/rotate-secret`);
    expect(rotated.statusCode).toBe(200);
    const { secret: newSecret, previousSecretExpiresAt } = rotated.json<{
      secret: string;
      previousSecretExpiresAt: string;
    }>();
    expect(newSecret).toMatch(/^whsec_/);
    expect(Date.parse(previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
    receivers.rotated.secrets.push(newSecret);
    const event = await publish('order.delivered', orderData());

    const received = await waitFor(() => receivers.rotated.received.find((r) => r.id === event.id), {
      timeoutMs: 15000,
      description: 'the delivery after rotation',
    });
    expect(received.verifiedWith.sort()).toEqual([oldSecret, newSecret].sort());
    const shown = (await admin.get(`/api/v1/webhooks/endpoints/${endpointId}`)).json<Record<string, unknown>>();
    expect(JSON.stringify(shown)).not.toContain('whsec_');
  });

  it('when a delivery is retried by hand, then it is sent again and counted', async () => {
    const endpointId = await register(receivers.ok, ['product.updated']);
    const event = await publish('product.updated', productData('p-again', 'SKU-AGAIN', 'Again'));
    const [delivery] = await waitFor(
      async () => {
        const log = await deliveriesOf(endpointId);
        return log[0]?.state === 'delivered' ? log : undefined;
      },
      { description: 'the first delivery' },
    );

    const res = await admin.post(`/api/v1/webhooks/deliveries/${delivery?.id}/retry`);

    expect(res.statusCode).toBe(202);
    await waitFor(async () => (await deliveriesOf(endpointId))[0]?.attemptCount === 2, {
      description: 'the second attempt',
    });
    expect(receivers.ok.received.filter((r) => r.id === event.id)).toHaveLength(2);
    expect((await admin.post('/api/v1/webhooks/deliveries/we_nope.nope/retry')).json()).toMatchObject({
      status: 404,
      code: 'WEBHOOK_DELIVERY_NOT_FOUND',
    });
  });
});
