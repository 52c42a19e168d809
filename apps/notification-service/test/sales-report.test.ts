import { publishTestEvent, waitFor } from '@shopwire/testing';
import { startAdminNotifications, type AdminNotificationsSetup } from './support/admin-notifications';
import { metric, publish } from './support/notification-service';

describe('the daily sales report reaches every admin (inbox and email)', () => {
  let setup: AdminNotificationsSetup;

  beforeAll(async () => {
    setup = await startAdminNotifications('notification-report-mail-');
  });
  afterAll(async () => {
    await setup?.close();
  });

  it('when report.sales.daily arrives, then each admin gets it in the inbox and by email once, a demoted admin and a customer get nothing', async () => {
    const { svc, inboxOf, mailsTo } = setup;
    const [admin, demoted, customer] = await setup.adminDemotedAndCustomer();
    const date = '2026-12-05';
    const report = {
      date,
      days: [{ date, orders: 3, revenue: { amount: 4250, currency: 'EUR' } }],
      topProducts: [{ productId: 'p1', name: 'Espresso cup', quantity: 5, revenue: { amount: 2500, currency: 'EUR' } }],
    };

    const event = await publish('report.sales.daily', report);
    await publishTestEvent(event);
    await waitFor(
      async () =>
        (await metric(svc.app, 'consumed', 'report.sales.daily')) +
          (await metric(svc.app, 'duplicate', 'report.sales.daily')) >=
        2,
      { description: 'both deliveries handled' },
    );

    const inbox = await waitFor(
      async () => {
        const items = await inboxOf(admin.userId);
        return items.some((i) => i.type === 'report.sales.daily') && items;
      },
      { description: 'the report in the admin inbox' },
    );
    const reports = inbox.filter((i) => i.type === 'report.sales.daily');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      title: `Sales report for ${date}`,
      body: expect.stringContaining('3 orders confirmed, revenue'),
    });
    const mails = await waitFor(
      () =>
        mailsTo(admin.email).filter((eml) => eml.includes(`Sales report for ${date}`)).length >= 1
          ? mailsTo(admin.email)
          : undefined,
      { description: 'the report email' },
    );
    expect(mails.filter((eml) => eml.includes(`Sales report for ${date}`))).toHaveLength(1);
    for (const other of [demoted, customer]) {
      const items = await inboxOf(other.userId);
      expect(items.filter((i) => i.type === 'report.sales.daily')).toEqual([]);
      expect(mailsTo(other.email).filter((eml) => eml.includes('Sales report'))).toEqual([]);
    }
  });
});
