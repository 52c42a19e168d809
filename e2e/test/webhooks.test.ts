import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { waitFor } from '@shopwire/testing';
import { gatewayApi } from './gateway-api';
import { startSystemOnOwnVhost, type OwnSystem } from './own-system';

const ADMIN = { email: `admin-${randomUUID().slice(0, 8)}@example.test`, password: 'admin password 1' };

interface Received {
  type: string;
  version: number;
  data: Record<string, unknown>;
}

describe('webhooks through the gateway', () => {
  let system: OwnSystem;
  let receiver: Server;
  let receiverUrl: string;
  let secret = '';
  const received: Received[] = [];

  beforeAll(async () => {
    // A partner's endpoint on this machine: it verifies each delivery with the standardwebhooks library.
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        try {
          received.push(new Webhook(secret).verify(body, req.headers as Record<string, string>) as Received);
          res.writeHead(204).end();
        } catch {
          res.writeHead(401).end();
        }
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(receiver.address() as { port: number }).port}`;
    receiverUrl = `http://${host}/hooks`;
    system = await startSystemOnOwnVhost({ WEBHOOK_ALLOWED_HOSTS: host }, ADMIN);
  });
  afterAll(async () => {
    await system?.stop();
    receiver?.closeAllConnections();
    receiver?.close();
  });

  const { call, token: login, register, addCategory, addProduct } = gatewayApi(() => system.gatewayUrl);

  it('when an admin registers an endpoint and adds a product, then the partner receives product.created signed, and the log shows it delivered', async () => {
    const admin = await login(ADMIN.email, ADMIN.password);
    const created = await call('/api/v1/webhooks/endpoints', {
      method: 'POST',
      token: admin,
      body: { url: receiverUrl, eventTypes: ['product.created'] },
    });
    expect(created.status).toBe(201);
    secret = created.body.secret as string;
    const category = `hooks-${randomUUID().slice(0, 8)}`;
    await addCategory(admin, category, 'Hooks');

    const productId = await addProduct(admin, { name: 'Hook', category, amount: 450, available: 3 });

    const delivered = await waitFor(
      () => received.find((r) => r.type === 'product.created' && r.data.productId === productId),
      { timeoutMs: 20000, description: 'product.created at the partner' },
    );
    expect(delivered.data).toMatchObject({ name: 'Hook', price: { amount: 450, currency: 'EUR' } });
    // What the partner got is what the gateway's document shows partners (OpenAPI 3.1 webhooks, one per event type).
    const document = (await (await fetch(`${system.gatewayUrl}/docs/json`)).json()) as {
      openapi: string;
      webhooks?: Record<
        string,
        {
          post: {
            requestBody: {
              content: Record<
                string,
                { schema: { oneOf?: Array<{ properties: Record<string, { const?: unknown }> }> } }
              >;
            };
          };
        }
      >;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.webhooks ?? {})).toEqual(
      expect.arrayContaining(['order.placed', 'order.confirmed', 'product.created', 'product.archived']),
    );
    const versions = document.webhooks?.['product.created']?.post.requestBody.content[
      'application/json'
    ]?.schema.oneOf?.map((v) => v.properties.version?.const);
    expect(versions).toContain(delivered.version);
    const log = await waitFor(
      async () => {
        const page = await call(`/api/v1/webhooks/endpoints/${created.body.id as string}/deliveries`, { token: admin });
        const items = page.body.items as Array<{ state: string; lastStatus?: number }>;
        return items[0]?.state === 'delivered' ? items : undefined;
      },
      { timeoutMs: 10000, description: 'the delivery in the log' },
    );
    expect(log[0]?.lastStatus).toBe(204);
  });

  it('when a customer calls the webhook admin API, then it is 403, and an admin registering a metadata address gets a 400 problem', async () => {
    const email = `c-${randomUUID().slice(0, 8)}@example.test`;
    expect((await register(email, 'customer password 1', 'Ada')).status).toBe(201);
    const customer = await login(email, 'customer password 1');
    const admin = await login(ADMIN.email, ADMIN.password);

    expect((await call('/api/v1/webhooks/endpoints', { token: customer })).status).toBe(403);
    const refused = await call('/api/v1/webhooks/endpoints', {
      method: 'POST',
      token: admin,
      body: { url: 'https://169.254.169.254/latest/meta-data/', eventTypes: ['order.placed'] },
    });
    expect(refused).toMatchObject({ status: 400, body: { code: 'WEBHOOK_URL_REFUSED' } });
  });
});
