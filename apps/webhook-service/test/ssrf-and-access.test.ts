import { waitFor, type TestIssuer } from '@shopwire/testing';
import { startReceiver, type Receiver } from './support/receiver';
import {
  clientWith,
  confirmedData,
  publish,
  type AdminClient,
  type TestService,
  useWebhookSuite,
} from './support/webhook-service';

describe('webhook endpoints: SSRF protection and who may manage them', () => {
  let issuer: TestIssuer;
  let svc: TestService;
  let admin: AdminClient;
  let redirecting: Receiver;
  /** What the test's DNS answers; `rebound.partner.test` changes its answer after the endpoint is created. */
  const dns: Record<string, string[]> = {
    'internal.partner.test': ['10.0.0.1'],
    'rebound.partner.test': ['93.184.215.14'],
    'mapped.partner.test': ['::ffff:192.168.1.1'],
    'public.partner.test': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  };

  useWebhookSuite(
    async () => {
      redirecting = await startReceiver(() => ({
        status: 302,
        headers: { location: 'http://169.254.169.254/latest/meta-data/' },
      }));
      return { receivers: [redirecting], resolve: async (host) => dns[host] ?? [] };
    },
    (suite) => ({ issuer, svc, admin } = suite),
  );

  /** Creates an endpoint for one event type; its id and secret. */
  const createEndpoint = async (url: string, eventType: string) =>
    (await admin.post('/api/v1/webhooks/endpoints', { url, eventTypes: [eventType] })).json<{
      id: string;
      secret: string;
    }>();
  /** Waits until the endpoint's first listed delivery has `field` set, and returns that delivery. */
  const firstDeliveryWith = (endpointId: string, field: 'lastError' | 'lastStatus', description: string) =>
    waitFor(
      async () => {
        const [first] = (await admin.get(`/api/v1/webhooks/endpoints/${endpointId}/deliveries`)).json<{
          items: Array<{ eventId: string; state: string; lastStatus?: number; lastError?: string }>;
        }>().items;
        return first?.[field] ? first : undefined;
      },
      { timeoutMs: 15000, description },
    );

  it.each([
    ['http://127.0.0.1/hooks', 'only https'],
    ['https://127.0.0.1/hooks', 'loopback'],
    ['http://169.254.169.254/latest/meta-data/', 'only https'],
    ['https://169.254.169.254/latest/meta-data/', 'linkLocal'],
    ['https://[::1]/hooks', 'loopback'],
    ['http://[::1]/hooks', 'only https'],
    ['https://[fd00::1]/hooks', 'uniqueLocal'],
    ['https://internal.partner.test/hooks', 'private'],
    ['https://mapped.partner.test/hooks', 'private'],
    ['https://nowhere.partner.test/hooks', 'does not resolve'],
    ['https://user:pw@public.partner.test/hooks', 'credentials'],
  ])('when an endpoint is created for %s, then it is a 400 problem WEBHOOK_URL_REFUSED', async (url, reason) => {
    const res = await admin.post('/api/v1/webhooks/endpoints', { url, eventTypes: ['order.placed'] });

    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'WEBHOOK_URL_REFUSED' });
    expect(res.json<{ detail: string }>().detail).toContain(reason);
  });

  it('when an endpoint is changed to a private URL, then it is refused like a new one', async () => {
    const created = await createEndpoint('https://public.partner.test/hooks', 'order.placed');

    const res = await admin.patch(`/api/v1/webhooks/endpoints/${created.id}`, { url: 'https://10.1.2.3/hooks' });

    expect(res.json()).toMatchObject({ status: 400, code: 'WEBHOOK_URL_REFUSED' });
  });

  it('when a public name resolves to a private address by delivery time, then the delivery is recorded as refused and nothing is sent', async () => {
    const created = await createEndpoint('https://rebound.partner.test/hooks', 'order.confirmed');
    dns['rebound.partner.test'] = ['127.0.0.1'];

    const event = await publish('order.confirmed', confirmedData());

    const delivery = await firstDeliveryWith(created.id, 'lastError', 'the refused attempt in the log');
    expect(delivery.eventId).toBe(event.id);
    expect(delivery.lastError).toMatch(/^refused: rebound\.partner\.test resolves to a loopback address/);
    expect(delivery.lastStatus).toBeUndefined();
  });

  it('when the endpoint answers with a redirect, then it is not followed and the attempt counts as failed', async () => {
    const created = await createEndpoint(redirecting.url, 'order.rejected');
    redirecting.secrets.push(created.secret);

    await publish('order.rejected', { orderId: 'o-redirect', userId: 'u-redirect', reason: 'out of stock' });

    const delivery = await firstDeliveryWith(created.id, 'lastStatus', 'the redirect in the log');
    expect(delivery).toMatchObject({ state: 'pending', lastStatus: 302, lastError: 'redirect not followed' });
    expect(redirecting.requests).toBeGreaterThanOrEqual(1);
  });

  it('when a ping is sent, then the answer says what the endpoint answered', async () => {
    const created = await createEndpoint(redirecting.url, 'order.placed');
    redirecting.secrets.push(created.secret);

    const res = await admin.post(`/api/v1/webhooks/endpoints/${created.id}/ping`);

    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: false, status: 302, error: 'redirect not followed' });
  });

  it('when a customer token calls the admin API, then every operation is 403 and without a token 401', async () => {
    const customer = await clientWith(svc.app, issuer, ['customer']);

    const answers = await Promise.all([
      customer.get('/api/v1/webhooks/endpoints'),
      customer.post('/api/v1/webhooks/endpoints', {
        url: 'https://public.partner.test/x',
        eventTypes: ['order.placed'],
      }),
      customer.get('/api/v1/webhooks/endpoints/we_x'),
      customer.patch('/api/v1/webhooks/endpoints/we_x', { enabled: false }),
      customer.delete('/api/v1/webhooks/endpoints/we_x'),
      customer.post('/api/v1/webhooks/endpoints/we_x/rotate-secret'),
      customer.post('/api/v1/webhooks/endpoints/we_x/ping'),
      customer.get('/api/v1/webhooks/endpoints/we_x/deliveries'),
      customer.post('/api/v1/webhooks/deliveries/we_x.y/retry'),
    ]);

    expect(answers.map((a) => a.statusCode)).toEqual(Array(9).fill(403));
    expect((await svc.app.inject({ method: 'GET', url: '/api/v1/webhooks/endpoints' })).statusCode).toBe(401);
  });

  it('when an admin lists, reads, changes and deletes an endpoint, then each answer shows it without its secret', async () => {
    const created = (
      await admin.post('/api/v1/webhooks/endpoints', {
        url: 'https://public.partner.test/crud',
        eventTypes: ['product.created'],
        description: 'kitchen display',
      })
    ).json<{ id: string }>();

    const listed = (await admin.get('/api/v1/webhooks/endpoints?limit=100')).json<{ items: Array<{ id: string }> }>();
    const changed = await admin.patch(`/api/v1/webhooks/endpoints/${created.id}`, {
      enabled: false,
      eventTypes: ['product.created', 'product.updated'],
    });
    const unknownField = await admin.patch(`/api/v1/webhooks/endpoints/${created.id}`, { secret: 'whsec_mine' });
    const deleted = await admin.delete(`/api/v1/webhooks/endpoints/${created.id}`);

    expect(listed.items.map((i) => i.id)).toContain(created.id);
    expect(changed.json()).toMatchObject({
      id: created.id,
      enabled: false,
      eventTypes: ['product.created', 'product.updated'],
      description: 'kitchen display',
    });
    expect(JSON.stringify([listed, changed.json()])).not.toContain('whsec_');
    expect(unknownField.statusCode).toBe(400);
    expect(deleted.statusCode).toBe(204);
    expect((await admin.get(`/api/v1/webhooks/endpoints/${created.id}`)).json()).toMatchObject({
      status: 404,
      code: 'WEBHOOK_ENDPOINT_NOT_FOUND',
    });
    expect(
      (
        await admin.post('/api/v1/webhooks/endpoints', {
          url: 'https://public.partner.test/x',
          eventTypes: ['user.registered'],
        })
      ).statusCode,
    ).toBe(400);
  });
});
