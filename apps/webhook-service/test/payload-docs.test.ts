import { randomUUID } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { createEventOfVersion, SUBSCRIPTIONS } from '@shopwire/contracts';
import { publishTestEvent, waitFor } from '@shopwire/testing';
import { startReceiver, type Receiver } from './support/receiver';
import {
  confirmedData,
  orderData,
  productData,
  publish,
  type AdminClient,
  type TestService,
  useWebhookSuite,
} from './support/webhook-service';

interface WebhookEntry {
  post: {
    parameters: Array<{ name: string; in: string }>;
    requestBody: { content: { 'application/json': { schema: object } } };
  };
}

describe('the payload partners receive, documented as OpenAPI 3.1 webhooks', () => {
  let svc: TestService;
  let admin: AdminClient;
  let receiver: Receiver;
  useWebhookSuite(
    async () => {
      receiver = await startReceiver();
      return { receivers: [receiver] };
    },
    (suite) => ({ svc, admin } = suite),
  );

  it('when the document is read, then it is OpenAPI 3.1 with a webhook per event type a partner can subscribe to, each with the signature headers', async () => {
    const document = (await svc.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      openapi: string;
      webhooks: Record<string, WebhookEntry>;
      paths: Record<string, unknown>;
    }>();

    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.webhooks).sort()).toEqual([...SUBSCRIPTIONS.webhook].sort());
    for (const entry of Object.values(document.webhooks)) {
      expect(entry.post.parameters.map((p) => `${p.in} ${p.name}`)).toEqual([
        'header webhook-id',
        'header webhook-timestamp',
        'header webhook-signature',
      ]);
    }
    expect(Object.keys(document.paths)).toContain('/api/v1/webhooks/endpoints');
  });

  it('when order and product events of each version are delivered, then every body the partner gets matches the documented schema of its type', async () => {
    const document = (await svc.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      webhooks: Record<string, WebhookEntry>;
    }>();
    const ajv = addFormats(new Ajv2020({ strict: false }));
    const created = (
      await admin.post('/api/v1/webhooks/endpoints', {
        url: receiver.url,
        eventTypes: ['order.confirmed', 'order.cancelled', 'product.created', 'product.archived'],
      })
    ).json<{ secret: string }>();
    receiver.secrets.push(created.secret);
    const meta = { source: 'test', correlationId: randomUUID() };
    const { items: _items, ...v1Order } = confirmedData();
    const { category: _category, ...v1Product } = productData('p-docs-1', 'SKU-DOCS-1', 'Docs');

    const sent = [
      await publish('order.confirmed', confirmedData()),
      await publish('order.cancelled', {
        orderId: orderData().orderId,
        userId: orderData().userId,
        reason: 'customer asked',
      }),
      await publish('product.created', productData('p-docs-2', 'SKU-DOCS-2', 'Docs')),
      await publish('product.archived', { productId: 'p-docs-2' }),
    ];
    // Producers not yet on the current version still send version 1: it is delivered as it came.
    for (const old of [
      createEventOfVersion('order.confirmed', 1, v1Order, meta),
      createEventOfVersion('product.created', 1, v1Product, meta),
    ]) {
      await publishTestEvent(old);
      sent.push(old);
    }

    await waitFor(() => sent.every((e) => receiver.received.some((r) => r.id === e.id)), {
      timeoutMs: 15000,
      description: 'every event at the partner',
    });
    for (const event of sent) {
      const body = receiver.received.find((r) => r.id === event.id)?.payload as unknown as Record<string, unknown>;
      const schema = document.webhooks[event.type]?.post.requestBody.content['application/json'].schema as object;
      const valid = ajv.validate(schema, body);
      expect({ type: event.type, version: event.version, errors: ajv.errors ?? null, valid }).toEqual({
        type: event.type,
        version: event.version,
        errors: null,
        valid: true,
      });
      expect(body).toEqual({
        id: event.id,
        type: event.type,
        version: event.version,
        occurredAt: event.occurredAt,
        data: event.data,
      });
    }
    expect(new Set(sent.filter((e) => e.type === 'order.confirmed').map((e) => e.version)).size).toBe(2);
  });
});
