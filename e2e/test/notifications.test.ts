import { randomUUID } from 'node:crypto';
import { createEventOfVersion } from '@shopwire/contracts';
import mongoose from 'mongoose';
import {
  openSse,
  publishTestEvent,
  startSmtpSink,
  testEnv,
  waitFor,
  type SmtpSink,
  type SseConnection,
} from '@shopwire/testing';
import { gatewayApi, untilAccepted } from './gateway-api';
import { startSystemOnOwnVhost, type OwnSystem } from './own-system';

interface Customer {
  id: string;
  email: string;
  token: string;
}

const ADMIN = { email: `admin-${randomUUID().slice(0, 8)}@example.test`, password: 'admin password 1' };
const PASSWORD = 'correct horse battery';

describe('notifications through the gateway', () => {
  let sink: SmtpSink;
  let system: OwnSystem;
  const streams: SseConnection[] = [];
  const gateway = gatewayApi(() => system.gatewayUrl);
  const { request, call, token, addCategory, addProduct } = gateway;

  beforeAll(async () => {
    sink = await startSmtpSink();
    // A vhost of its own: no other running system consumes this one's events. Short retry tiers (7.5 s in all),
    // so an SMTP outage of a few seconds ends within them.
    system = await startSystemOnOwnVhost(
      {
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: sink.url,
        SSE_HEARTBEAT_MS: '1000',
        EVENT_RETRY_DELAYS_MS: '500,1000,2000,4000',
      },
      ADMIN,
    );
  });
  afterEach(() => {
    for (const stream of streams.splice(0)) stream.close();
  });
  afterAll(async () => {
    await system?.stop();
    await sink?.close();
  });

  const register = async (): Promise<Customer> => {
    const email = `n-${randomUUID().slice(0, 8)}@example.test`;
    const created = await gateway.register(email, PASSWORD, 'Grace Hopper');
    expect(created.status).toBe(201);
    return { id: created.body.id, email, token: await token(email, PASSWORD) };
  };
  /** A product with stock, created by the admin; returns its id. */
  const productInStock = async (): Promise<string> => {
    const admin = await token(ADMIN.email, ADMIN.password);
    const category = `mugs-${randomUUID().slice(0, 8)}`;
    await addCategory(admin, category, 'Mugs');
    return addProduct(admin, { name: 'Mug', category, amount: 1250, available: 5 });
  };
  /** Places an order; until order-service has copied the new product it answers 422 and stores nothing. */
  const placeOrder = async (customer: Customer, productId: string): Promise<string> => {
    const body = {
      items: [{ productId, quantity: 2 }],
      shippingAddress: {
        name: 'Grace Hopper',
        line1: '1 Main St',
        city: 'Springfield',
        postalCode: '12345',
        country: 'US',
      },
      payment: { method: 'card', token: 'tok_visa' },
    };
    const key = randomUUID();
    const placed = await untilAccepted(() =>
      call<{ id: string }>('/api/v1/orders', {
        method: 'POST',
        token: customer.token,
        body,
        headers: { 'idempotency-key': key },
      }),
    );
    return placed.id;
  };
  const inbox = async (customer: Customer): Promise<Array<{ type: string; order?: { orderId: string } }>> =>
    (
      (await (await request('/api/v1/notifications', { token: customer.token })).json()) as {
        items: Array<{ type: string }>;
      }
    ).items;
  const orderConfirmedEvent = (customer: Customer, orderId: string) =>
    createEventOfVersion(
      'order.confirmed',
      1,
      { orderId, userId: customer.id, total: { amount: 2599, currency: 'EUR' } },
      { source: 'order-service', correlationId: randomUUID() },
    );
  const publish = (event: ReturnType<typeof orderConfirmedEvent>) => publishTestEvent(event, { url: system.amqpUrl });
  const orderConfirmed = (customer: Customer, orderId: string) => publish(orderConfirmedEvent(customer, orderId));
  /** A counter of the notification-service process for one event type (summed over its other labels). */
  const counter = async (name: string, type: string): Promise<number> => {
    const text = await (await fetch(`http://127.0.0.1:${system.ports['notification-service']}/metrics`)).text();
    const lines = text.split('\n').filter((l) => l.startsWith(`${name}{`) && l.includes(`type="${type}"`));
    return lines.reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
  };
  const welcomed = async (): Promise<Customer> => {
    const customer = await register();
    await sink.waitForMail(customer.email, (m) => m.subject === 'Welcome to Shopwire', 30000);
    return customer;
  };
  const stream = async (customer: Customer, headers: Record<string, string> = {}): Promise<SseConnection> => {
    const connection = await openSse(`${system.gatewayUrl}/api/v1/notifications/stream`, {
      authorization: `Bearer ${customer.token}`,
      ...headers,
    });
    streams.push(connection);
    expect(connection.status).toBe(200);
    return connection;
  };
  const orderIdOf = (data: string): string | undefined =>
    (JSON.parse(data) as { order?: { orderId: string } }).order?.orderId;

  it('when a customer registers, then a welcome email reaches the SMTP sink and the inbox lists the welcome', async () => {
    const customer = await register();

    const mail = await sink.waitForMail(customer.email, (m) => m.subject === 'Welcome to Shopwire', 30000);

    expect(mail.text).toContain('Hello Grace Hopper,');
    expect(
      await waitFor(async () => ((await inbox(customer)).length === 1 ? inbox(customer) : undefined), {
        timeoutMs: 30000,
      }),
    ).toEqual([expect.objectContaining({ type: 'welcome', read: false })]);
  });

  it('when an order is confirmed, then a client streaming through the gateway gets it live, and after reconnecting with Last-Event-ID gets what it missed', async () => {
    const [customer, productId] = await Promise.all([welcomed(), productInStock()]);
    const live = await stream(customer);
    await live.waitForComment((c) => c === 'heartbeat');

    const orderId = await placeOrder(customer, productId);

    const pushed = await live.waitForEvent((e) => orderIdOf(e.data) === orderId, 60000);
    expect(JSON.parse(pushed.data)).toMatchObject({
      type: 'order.confirmed',
      order: { orderId, status: 'confirmed', total: { amount: 2500, currency: 'EUR' } },
    });
    live.close();
    const admin = await token(ADMIN.email, ADMIN.password);
    expect((await request(`/api/v1/orders/${orderId}/ship`, { method: 'POST', token: admin })).status).toBe(200);
    await waitFor(async () => (await inbox(customer)).some((n) => n.type === 'order.shipped'), {
      timeoutMs: 30000,
      description: 'the shipped notification to be stored',
    });

    const resumed = await stream(customer, { 'last-event-id': String(pushed.id) });

    const missed = await resumed.waitForEvent((e) => JSON.parse(e.data).type === 'order.shipped', 30000);
    expect(Number(missed.id)).toBeGreaterThan(Number(pushed.id));
    expect(JSON.parse(missed.data)).toMatchObject({ order: { orderId, status: 'shipped' } });
    expect(resumed.events).toHaveLength(1);
  });

  it("when a customer already holds 3 streams, then the 4th through the gateway is 429 TOO_MANY_STREAMS while another customer's opens, and closing one lets a new one open", async () => {
    const [greedy, other] = await Promise.all([register(), register()]);
    const held = [await stream(greedy), await stream(greedy), await stream(greedy)];

    const fourth = await openSse(`${system.gatewayUrl}/api/v1/notifications/stream`, {
      authorization: `Bearer ${greedy.token}`,
    });
    streams.push(fourth);

    expect(fourth.status).toBe(429);
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(JSON.parse(await fourth.body())).toMatchObject({ status: 429, code: 'TOO_MANY_STREAMS' });
    await (await stream(other)).waitForComment((c) => c === 'connected');

    held[0]!.close();
    const again = await waitFor(
      async () => {
        const next = await openSse(`${system.gatewayUrl}/api/v1/notifications/stream`, {
          authorization: `Bearer ${greedy.token}`,
        });
        streams.push(next);
        return next.status === 200 ? next : undefined;
      },
      { timeoutMs: 15000, description: 'a new stream of the customer once one of the three has closed' },
    );
    await again.waitForComment((c) => c === 'connected');
  });

  it('when the same event is delivered twice, then one email and one notification exist', async () => {
    const customer = await welcomed();
    const event = orderConfirmedEvent(customer, 'e2e-twice');
    const handledBefore = await counter('shopwire_events_consumed_total', 'order.confirmed');

    await publish(event);
    await sink.waitForMail(customer.email, (m) => m.subject === 'Order e2e-twice confirmed', 30000);
    await publish(event);

    // The notification keyed by the event is the handler's own idempotency record: the second delivery runs it and finds its work done.
    await waitFor(
      async () => (await counter('shopwire_events_consumed_total', 'order.confirmed')) >= handledBefore + 2,
      { timeoutMs: 30000, description: 'the second delivery to be handled' },
    );
    expect(sink.mailsTo(customer.email).filter((m) => m.subject === 'Order e2e-twice confirmed')).toHaveLength(1);
    expect((await inbox(customer)).filter((n) => n.order?.orderId === 'e2e-twice')).toHaveLength(1);
  });

  it('when SMTP is down for a while, then the email arrives once after it is back, the notification exists once, and nothing is dead-lettered', async () => {
    const customer = await welcomed();
    const retriedBefore = await counter('shopwire_events_retried_total', 'order.confirmed');
    await sink.stop();

    await orderConfirmed(customer, 'e2e-outage');

    await waitFor(async () => (await counter('shopwire_events_retried_total', 'order.confirmed')) > retriedBefore, {
      timeoutMs: 30000,
      description: 'a failed attempt to be retried',
    });
    expect((await inbox(customer)).filter((n) => n.order?.orderId === 'e2e-outage')).toHaveLength(1);
    await sink.start();
    await sink.waitForMail(customer.email, (m) => m.subject === 'Order e2e-outage confirmed', 30000);
    await waitFor(async () => (await inbox(customer)).length === 2, { timeoutMs: 30000 });
    expect(sink.mailsTo(customer.email).filter((m) => m.subject === 'Order e2e-outage confirmed')).toHaveLength(1);
    expect((await inbox(customer)).filter((n) => n.order?.orderId === 'e2e-outage')).toHaveLength(1);
    expect(await counter('shopwire_events_dead_lettered_total', 'order.confirmed')).toBe(0);
  });

  it('when email is switched off, then an order sends no email and the inbox still lists it', async () => {
    const customer = await welcomed();
    const off = await request('/api/v1/notifications/preferences', {
      method: 'PUT',
      token: customer.token,
      body: { email: false, inApp: true },
    });
    expect(off.status).toBe(200);
    const handledBefore = await counter('shopwire_events_consumed_total', 'order.confirmed');

    await orderConfirmed(customer, 'e2e-quiet');

    await waitFor(async () => (await inbox(customer)).some((n) => n.order?.orderId === 'e2e-quiet'), {
      timeoutMs: 30000,
      description: 'the in-app notification',
    });
    await waitFor(async () => (await counter('shopwire_events_consumed_total', 'order.confirmed')) > handledBefore, {
      timeoutMs: 30000,
      description: 'the event to be handled',
    });
    expect(sink.mailsTo(customer.email).map((m) => m.subject)).toEqual(['Welcome to Shopwire']);
  });

  it("when a customer asks for another customer's notifications, then none are listed and marking one read answers 404", async () => {
    const owner = await welcomed();
    const other = await welcomed();
    await waitFor(async () => (await inbox(owner)).length === 1 && (await inbox(other)).length === 1, {
      timeoutMs: 30000,
    });
    const [ownersWelcome] = (
      (await (await request('/api/v1/notifications', { token: owner.token })).json()) as {
        items: Array<{ id: string }>;
      }
    ).items;

    const listed = (
      (await (await request('/api/v1/notifications?limit=100', { token: other.token })).json()) as {
        items: Array<{ id: string }>;
      }
    ).items;
    const marked = await request(`/api/v1/notifications/${ownersWelcome?.id}/read`, {
      method: 'POST',
      token: other.token,
    });

    expect(listed.map((n) => n.id)).not.toContain(ownersWelcome?.id);
    expect(marked.status).toBe(404);
    expect(marked.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(
      (await request(`/api/v1/notifications/${ownersWelcome?.id}/read`, { method: 'POST', token: owner.token })).status,
    ).toBe(200);
  });

  it('when the customer deletes the account, then their notifications are gone', async () => {
    const customer = await register();
    await waitFor(async () => (await inbox(customer)).length === 1, {
      timeoutMs: 30000,
      description: 'the welcome notification',
    });

    const deleted = await request('/api/v1/users/me', { method: 'DELETE', token: customer.token });

    expect(deleted.status).toBe(204);
    // The deleted account's token is refused from now on, so the erasure is read from notification-service's store.
    const store = await mongoose.createConnection(testEnv.mongoUrl).asPromise();
    try {
      const notifications = store.useDb(system.databases['notification-service']).collection('notifications');
      await waitFor(async () => (await notifications.countDocuments({ userId: customer.id })) === 0, {
        timeoutMs: 30000,
        description: 'the notifications to be erased',
      });
    } finally {
      await store.close();
    }
    const refused = await request('/api/v1/notifications', { token: customer.token });
    expect(refused.status).toBe(401);
  });
});
