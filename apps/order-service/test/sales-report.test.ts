import { startOrderService, orderRequest, type OrderServiceUnderTest } from './support/order-service';

describe('the sales report', () => {
  let svc: OrderServiceUnderTest;
  let adminToken: string;
  const today = new Date().toISOString().slice(0, 10);
  const yesterday = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 86400000).toISOString().slice(0, 10);

  beforeAll(async () => {
    svc = await startOrderService();
    adminToken = await svc.admin();
  });
  afterAll(() => svc?.close());

  const report = (query: string, token = adminToken) =>
    svc.app.inject({
      method: 'GET',
      url: `/api/v1/reports/sales${query}`,
      headers: { authorization: `Bearer ${token}` },
    });

  it('when orders were confirmed, then revenue per day and the top products count the ones kept (not pending, not cancelled)', async () => {
    const mug = await svc.publishProduct({ name: 'Mug', price: { amount: 800, currency: 'EUR' } });
    const pot = await svc.publishProduct({ name: 'Pot', price: { amount: 3000, currency: 'EUR' } });
    const spoon = await svc.publishProduct({ name: 'Spoon', price: { amount: 150, currency: 'EUR' } });
    const { token } = await svc.customer();
    const first = await svc.confirmedOrder(token, [
      { productId: mug.productId, quantity: 3 },
      { productId: pot.productId, quantity: 1 },
    ]);
    const confirmedDay = first.history.find((h) => h.status === 'confirmed')?.at.slice(0, 10);
    const shipped = await svc.confirmedOrder(token, [{ productId: mug.productId, quantity: 2 }]);
    await svc.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${shipped.id}/ship`,
      headers: { authorization: `Bearer ${adminToken}` },
    });
    const cancelled = await svc.confirmedOrder(token, [{ productId: spoon.productId, quantity: 50 }]);
    await svc.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${cancelled.id}/cancel`,
      headers: { authorization: `Bearer ${token}` },
    });
    await svc.placeOrder(token, orderRequest([{ productId: spoon.productId, quantity: 40 }]));

    const res = await report(`?from=${yesterday}&to=${tomorrow}`);

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      from: yesterday,
      to: tomorrow,
      days: [{ date: confirmedDay, orders: 2, revenue: { amount: 3 * 800 + 3000 + 2 * 800, currency: 'EUR' } }],
      topProducts: [
        { productId: mug.productId, name: 'Mug', quantity: 5, revenue: { amount: 4000, currency: 'EUR' } },
        { productId: pot.productId, name: 'Pot', quantity: 1, revenue: { amount: 3000, currency: 'EUR' } },
      ],
    });
  });

  it('when the range holds no confirmed order, then the report is empty', async () => {
    const res = await report('?from=2021-03-01&to=2021-03-31');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ days: [], topProducts: [] });
  });

  it.each([
    ['from after to', `?from=${today}&to=${yesterday}`],
    ['a range over 366 days', '?from=2020-01-01&to=2024-01-01'],
    ['no dates', ''],
    ['a date that is not a day', `?from=yesterday&to=${today}`],
  ])('when the query has %s, then 400', async (_name, query) => {
    const res = await report(query);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('when a customer asks for the report, then 403', async () => {
    const { token } = await svc.customer();
    expect((await report(`?from=${today}&to=${today}`, token)).statusCode).toBe(403);
  });
});
