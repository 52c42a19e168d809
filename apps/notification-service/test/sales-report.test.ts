import { publishTestEvent } from '@shopwire/testing';
import { useAdminNotifications, type AdminNotificationsSetup } from './support/admin-notifications';
import { publish, waitForHandled } from './support/notification-service';

describe('the daily sales report reaches every admin (inbox and email)', () => {
  let setup: AdminNotificationsSetup;
  useAdminNotifications('notification-report-mail-', (started) => (setup = started));

  it('when report.sales.daily arrives, then each admin gets it in the inbox and by email once, a demoted admin and a customer get nothing', async () => {
    const { svc, inboxOf, mailsTo, waitForInboxWith, waitForMailWith } = setup;
    const [admin, demoted, customer] = await setup.adminDemotedAndCustomer();
    const date = '2026-12-05';
    const report = {
      date,
      days: [{ date, orders: 3, revenue: { amount: 4250, currency: 'EUR' } }],
      topProducts: [{ productId: 'p1', name: 'Espresso cup', quantity: 5, revenue: { amount: 2500, currency: 'EUR' } }],
    };

    const event = await publish('report.sales.daily', report);
    await publishTestEvent(event);
    await waitForHandled(svc.app, 'report.sales.daily', 2);

    const inbox = await waitForInboxWith(admin.userId, 'report.sales.daily', 'the report in the admin inbox');
    const reports = inbox.filter((i) => i.type === 'report.sales.daily');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      title: `Sales report for ${date}`,
      body: expect.stringContaining('3 orders confirmed, revenue'),
    });
    const mails = await waitForMailWith(admin.email, `Sales report for ${date}`, 'the report email');
    expect(mails.filter((eml) => eml.includes(`Sales report for ${date}`))).toHaveLength(1);
    for (const other of [demoted, customer]) {
      const items = await inboxOf(other.userId);
      expect(items.filter((i) => i.type === 'report.sales.daily')).toEqual([]);
      expect(mailsTo(other.email).filter((eml) => eml.includes('Sales report'))).toEqual([]);
    }
  });
});
