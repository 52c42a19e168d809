import { randomUUID } from 'node:crypto';
import { createEvent } from '@shopwire/contracts';
import {
  collectEvents,
  createOwnVhost,
  publishTestEvent,
  waitFor,
  type CollectedEvents,
  type OwnVhost,
} from '@shopwire/testing';
import { startReceiver, type Receiver } from './support/receiver';
import {
  consumedCount,
  productData,
  publish,
  type AdminClient,
  type TestService,
  useWebhookSuite,
} from './support/webhook-service';

describe('an endpoint the service disables is announced to the admins (webhook.endpoint.disabled)', () => {
  let svc: TestService;
  let admin: AdminClient;
  let gone: Receiver;
  let events: CollectedEvents;
  // A vhost of its own: the test counts the events on the wire, and only this service's may be there.
  let vhost: OwnVhost;

  // Declared first, so it runs before the suite's own afterAll removes the vhost (jest runs after-hooks in order).
  afterAll(() => events?.close());
  useWebhookSuite(
    async () => {
      [vhost, gone] = await Promise.all([createOwnVhost(), startReceiver(() => 410)]);
      events = await collectEvents({ url: vhost.amqpUrl, types: ['webhook.endpoint.disabled'] });
      return { receivers: [gone], vhost };
    },
    (suite) => ({ svc, admin } = suite),
  );

  it('when the endpoint answers 410 and another event follows, then it is disabled and webhook.endpoint.disabled is published once, its URL without query or fragment', async () => {
    // Partners put tokens in query strings: the admins' inbox and email must not show them.
    const created = await admin.post('/api/v1/webhooks/endpoints', {
      url: `${gone.url}?token=s3cret-token&tenant=7#section`,
      eventTypes: ['product.created', 'product.archived'],
    });
    expect(created.statusCode).toBe(201);
    const { id: endpointId, secret } = created.json<{ id: string; secret: string }>();
    gone.secrets.push(secret);

    const first = await publish('product.created', productData('p-gone-1', 'SKU-GONE-1', 'Gone'), vhost.amqpUrl);
    await publish('product.archived', { productId: 'p-gone-1' }, vhost.amqpUrl);

    const announced = await events.waitFor(
      (e) => e.type === 'webhook.endpoint.disabled' && (e.data as { endpointId: string }).endpointId === endpointId,
    );
    expect(announced).toMatchObject({
      source: 'webhook-service',
      version: 1,
      data: { endpointId, url: gone.url, reason: 'gone' },
    });
    expect(JSON.stringify(announced)).not.toMatch(/s3cret|tenant|section/);
    expect(announced.causationId).toBe(first.id);
    const endpoint = (await admin.get(`/api/v1/webhooks/endpoints/${endpointId}`)).json<{
      enabled: boolean;
      disabledReason?: string;
    }>();
    expect(endpoint).toMatchObject({ enabled: false, disabledReason: 'gone' });
    // Both events handled and every delivery settled (the second failed on 410 too, was cancelled, or never made
    // once the endpoint was off), and the outbox drained.
    await waitFor(
      async () => {
        if ((await consumedCount(svc.app, 'product.archived')) < 1) return false;
        const log = (await admin.get(`/api/v1/webhooks/endpoints/${endpointId}/deliveries`)).json<{
          items: Array<{ state: string }>;
        }>().items;
        return log.every((d) => d.state !== 'pending');
      },
      { description: 'both events handled, their deliveries settled' },
    );
    await waitFor(
      async () =>
        ((await svc.app.mongo.db?.collection('endpoints').findOne({ _id: endpointId as never }))?.outbox ?? [])
          .length === 0,
      { description: 'the outbox relayed' },
    );
    // The queue is FIFO: once a marker published now has arrived, a second announcement would have arrived before it.
    const marker = createEvent(
      'webhook.endpoint.disabled',
      { endpointId: `marker-${randomUUID()}`, url: gone.url, reason: 'gone', disabledAt: new Date().toISOString() },
      { source: 'test', correlationId: randomUUID() },
    );
    await publishTestEvent(marker, { url: vhost.amqpUrl });
    await events.waitFor((e) => e.id === marker.id);
    expect(events.events.filter((e) => (e.data as { endpointId: string }).endpointId === endpointId)).toHaveLength(1);
  });
});
