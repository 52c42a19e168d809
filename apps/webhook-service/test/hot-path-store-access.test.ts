import {
  createOwnVhost,
  publishTestEvent,
  recordStoreCommands,
  waitFor,
  type OwnVhost,
  type StoreCommandLog,
} from '@shopwire/testing';
import { startReceiver, type Receiver } from './support/receiver';
import {
  consumedCount,
  orderData,
  publish,
  type AdminClient,
  type TestService,
  useWebhookSuite,
} from './support/webhook-service';

describe('webhook-service hot paths touch the store only by _id or by inserts', () => {
  let svc: TestService;
  let admin: AdminClient;
  let receiver: Receiver;
  let log: StoreCommandLog;
  // A vhost of its own: on the shared one, events other tests publish would be handled here too.
  let vhost: OwnVhost;

  // Declared first, so the recording stops before the suite's own afterAll closes the service.
  afterAll(() => log?.stop());
  useWebhookSuite(
    async () => {
      vhost = await createOwnVhost();
      receiver = await startReceiver();
      // The sweep (a background job, allowed its query on dueAt) waits a minute: none of these deliveries needs it.
      return { receivers: [receiver], vhost, env: { WEBHOOK_SWEEP_EVERY_MS: '60000' } };
    },
    (suite) => {
      ({ svc, admin } = suite);
      log = recordStoreCommands(svc.app.mongo.getClient(), {
        dbName: svc.db,
        exceptCollections: ['outbox_pointers', 'job_leases'],
      });
    },
  );

  it('when an endpoint is added, an order event is delivered (and redelivered by the broker) and the log is read, then every command is an insert or names one document by _id', async () => {
    const step = log.step;
    const created = await step('create endpoint', async () =>
      (await admin.post('/api/v1/webhooks/endpoints', { url: receiver.url, eventTypes: ['order.placed'] })).json<{
        id: string;
        secret: string;
      }>(),
    );
    receiver.secrets.push(created.secret);
    const order = {
      ...orderData(),
      items: [{ productId: 'p-hot', quantity: 1, unitPrice: { amount: 1299, currency: 'EUR' } }],
    };

    const event = await step('order.placed delivered', async () => {
      const published = await publish('order.placed', order, vhost.amqpUrl);
      await waitFor(
        async () =>
          (await admin.get(`/api/v1/webhooks/endpoints/${created.id}/deliveries`)).json<{
            items: Array<{ state: string }>;
          }>().items[0]?.state === 'delivered',
        { description: 'the delivery recorded' },
      );
      return published;
    });
    await step('order.placed from the broker again', async () => {
      const before = await consumedCount(svc.app, 'order.placed');
      await publishTestEvent(event, { url: vhost.amqpUrl });
      await waitFor(async () => (await consumedCount(svc.app, 'order.placed')) > before, {
        description: 'the duplicate handled',
      });
    });
    await step('admin reads', async () => {
      expect((await admin.get('/api/v1/webhooks/endpoints')).statusCode).toBe(200);
      expect((await admin.get(`/api/v1/webhooks/endpoints/${created.id}`)).statusCode).toBe(200);
      expect(
        (await admin.get(`/api/v1/webhooks/endpoints/${created.id}/deliveries`)).json<{ items: unknown[] }>().items,
      ).toHaveLength(1);
    });

    expect(receiver.received.map((r) => r.id)).toEqual([event.id]);
    expect(log.offendingByStep()).toEqual({
      'create endpoint': [],
      'order.placed delivered': [],
      'order.placed from the broker again': [],
      'admin reads': [],
    });
  });
});
