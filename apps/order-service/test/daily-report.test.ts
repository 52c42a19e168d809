import { Types } from 'mongoose';
import type { CollectedEvents } from '@shopwire/testing';
import { waitFor } from '@shopwire/testing';
import { startOrderService, type OrderServiceUnderTest } from './support/order-service';

const DAY_MS = 86400000;

describe('the scheduled sales report (REPORT_CRON shortened to every second)', () => {
  let svc: OrderServiceUnderTest;
  let events: CollectedEvents;

  beforeAll(async () => {
    svc = await startOrderService({ env: { REPORT_CRON: '* * * * * *' } });
    events = await svc.collectEvents(['report.sales.daily']);
  });
  afterAll(async () => {
    await events?.close();
    await svc?.close();
  });

  const order = (day: string, status: string, amount: number, quantity: number) => ({
    _id: new Types.ObjectId(),
    userId: 'customer-1',
    idempotencyKey: new Types.ObjectId().toHexString(),
    requestHash: 'h',
    status,
    items: [
      {
        productId: 'prod-cup',
        sku: 'CUP',
        name: 'Espresso cup',
        quantity,
        unitPrice: { amount: amount / quantity, currency: 'EUR' },
        lineTotal: { amount, currency: 'EUR' },
      },
    ],
    total: { amount, currency: 'EUR' },
    payment: { method: 'card' },
    history: [],
    confirmedDay: day,
    createdAt: new Date(`${day}T10:00:00Z`),
    updatedAt: new Date(`${day}T10:00:00Z`),
  });

  it('when the report time comes, then the previous day’s sales go out once as report.sales.daily for the admins', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - DAY_MS).toISOString().slice(0, 10);
    await svc.db
      .collection('orders')
      .insertMany([
        order(yesterday, 'confirmed', 2500, 2),
        order(yesterday, 'delivered', 1250, 1),
        order(yesterday, 'cancelled', 9900, 9),
        order(today, 'confirmed', 700, 1),
      ] as never[]);

    const sent = await events.waitFor((e) => e.type === 'report.sales.daily', 20000);

    expect(sent).toMatchObject({
      source: 'order-service',
      data: {
        date: yesterday,
        days: [{ date: yesterday, orders: 2, revenue: { amount: 3750, currency: 'EUR' } }],
        topProducts: [
          { productId: 'prod-cup', name: 'Espresso cup', quantity: 3, revenue: { amount: 3750, currency: 'EUR' } },
        ],
      },
    });
    // Two more ticks run (the lease records each), and the day's report is not sent again.
    const head = async () =>
      (await svc.db.collection('job_leases').findOne({ _id: 'daily-sales-report' as never })) as {
        lastTick?: Date;
        lastRun?: { outcome: string };
      } | null;
    const first = (await head())?.lastTick?.getTime() ?? 0;
    await waitFor(async () => ((await head())?.lastTick?.getTime() ?? 0) >= first + 2000, {
      timeoutMs: 15000,
      description: 'two more ticks',
    });
    expect((await head())?.lastRun?.outcome).toBe('ok');
    expect(events.events.filter((e) => e.type === 'report.sales.daily')).toHaveLength(1);
    expect(await svc.db.collection('daily_reports').countDocuments({})).toBe(1);
  });
});
