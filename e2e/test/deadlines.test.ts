import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import mongoose from 'mongoose';
import { startSmtpSink, testEnv, unique, waitFor, type SmtpSink } from '@shopwire/testing';
import { gatewayApi, untilAccepted } from './gateway-api';
import { startSystemOnOwnVhost, type OwnSystem } from './own-system';
import { stopSystemAndDropData } from './system-data';

const ADMIN = { email: `${unique('deadline-admin')}@example.com`, password: 'deadline admin password' };
const SHIPPING_ADDRESS = {
  name: 'Dee Line',
  line1: '1 Clock Street',
  city: 'Berlin',
  postalCode: '10115',
  country: 'DE',
};

/**
 * Deadlines and scheduled work across the real processes (issue 21): the saga deadline shortened to 3 s, the
 * daily report's cron to every 2 seconds once notification-service knows the admin. catalog-service is stopped while an order waits for it, as when it is down
 * or has dead-lettered the order's order.placed.
 */
describe('deadlines and scheduled work, whole system', () => {
  let system: OwnSystem;
  let sink: SmtpSink;
  let store: mongoose.Connection;
  let adminToken: string;

  const { api, login, register, addCategory, addProduct } = gatewayApi(() => system.gatewayUrl);

  beforeAll(async () => {
    sink = await startSmtpSink();
    store = await mongoose.createConnection(testEnv.mongoUrl).asPromise();
    system = await startSystemOnOwnVhost(
      {
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: sink.url,
        ORDER_PENDING_DEADLINE_MS: '3000',
        // Not due while the system starts; the report test restarts order-service with a schedule of every 2 s.
        REPORT_CRON: '0 0 1 1 *',
      },
      ADMIN,
    );
    adminToken = await waitFor(async () => (await login(ADMIN.email, ADMIN.password))?.accessToken, {
      timeoutMs: 30000,
      description: 'the configured admin to log in',
    });
  }, 120000);
  afterAll(async () => {
    await stopSystemAndDropData(system, store);
    await sink?.close();
  });

  it('when catalog-service is down past the deadline, then the order is rejected with timeout and the customer told; when catalog comes back, its late reservation is released and nothing is charged', async () => {
    const category = unique('deadline');
    await addCategory(adminToken, category, 'Deadlines');
    const productId = await addProduct(adminToken, { name: 'Wall clock', category, amount: 2500, available: 5 });
    const email = `${unique('late')}@example.com`;
    expect((await register(email, 'deadline password', 'Late Customer')).status).toBe(201);
    const token = (await login(email, 'deadline password'))?.accessToken ?? '';
    const body = {
      items: [{ productId, quantity: 2 }],
      shippingAddress: SHIPPING_ADDRESS,
      payment: { method: 'card', token: 'tok_visa' },
    };
    // order-service learns the product from product.created; until then it answers 422.
    const placed = await untilAccepted(
      () => api<{ id: string }>('POST', '/api/v1/orders', token, body, { 'idempotency-key': randomUUID() }),
      'order-service to know the product',
    );
    // The order above went through while catalog was up; this one waits for a catalog that is gone.
    await waitFor(
      async () =>
        (await api<{ status: string }>('GET', `/api/v1/orders/${placed.id}`, token)).body.status === 'confirmed',
      { timeoutMs: 30000, description: 'the first order confirmed' },
    );
    await system.processes['catalog-service'].stop('SIGTERM', 12000);

    const late = await api<{ id: string; status: string }>('POST', '/api/v1/orders', token, body, {
      'idempotency-key': randomUUID(),
    });
    expect([late.status, late.body.status]).toEqual([202, 'pending']);

    const rejected = await waitFor(
      async () => {
        const order = (await api<{ status: string; reason?: string }>('GET', `/api/v1/orders/${late.body.id}`, token))
          .body;
        return order.status === 'rejected' ? order : undefined;
      },
      { timeoutMs: 20000, description: 'the pending order to time out' },
    );
    expect(rejected.reason).toBe('timeout');
    await sink.waitForMail(email, (m) => m.subject === `Order ${late.body.id} could not be accepted`, 30000);

    await system.start('catalog-service');
    // Catalog now handles the waiting order.placed: it reserves, order-service answers with a release, never a charge.
    await waitFor(
      async () => {
        const stock = (
          await api<{ stock: { available: number; reserved: number } }>('GET', `/api/v1/products/${productId}`)
        ).body.stock;
        return stock && stock.available === 3 && stock.reserved === 0 ? stock : undefined;
      },
      {
        timeoutMs: 60000,
        description: 'the late reservation to be released (3 left after the first order, none reserved)',
      },
    );
    const orders = store.useDb(system.databases['order-service']);
    expect(await orders.collection('test_payments').countDocuments({ kind: 'charge', reference: late.body.id })).toBe(
      0,
    );
    expect((await api<{ status: string }>('GET', `/api/v1/orders/${late.body.id}`, token)).body.status).toBe(
      'rejected',
    );
  }, 180000);

  it('when the report time comes, then the configured admin gets the sales report by email and in the inbox', async () => {
    // The configured admin announced its roles at creation; notification-service keeps the list the report goes to.
    const adminId = String(decodeJwt(adminToken).sub);
    const admins = store
      .useDb(system.databases['notification-service'])
      .collection<{ _id: string; admin: boolean }>('admins');
    await waitFor(async () => (await admins.findOne({ _id: adminId }))?.admin === true, {
      timeoutMs: 30000,
      description: 'notification-service to know the configured admin',
    });
    await system.processes['order-service'].stop('SIGTERM', 12000);
    await system.start('order-service', { REPORT_CRON: '*/2 * * * * *' });

    const mail = await sink.waitForMail(ADMIN.email, (m) => m.subject.startsWith('Sales report for '), 60000);
    expect(mail.subject).toMatch(/^Sales report for \d{4}-\d{2}-\d{2}$/);
    const inbox = await waitFor(
      async () => {
        const res = await api<{ items: Array<{ title: string }> }>('GET', '/api/v1/notifications', adminToken);
        return res.body.items?.find((item) => item.title.startsWith('Sales report for '));
      },
      { timeoutMs: 30000, description: "the report in the admin's inbox" },
    );
    expect(inbox.title).toBe(mail.subject);
  }, 90000);
});
