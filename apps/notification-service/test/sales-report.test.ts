import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishTestEvent, startTestIssuer, waitFor, type TestIssuer } from '@shopwire/testing';
import { metric, newUser, publish, removeServiceData, startNotificationService, waitForMetric, type TestService } from './support/notification-service';

describe('the daily sales report reaches every admin (inbox and email)', () => {
  let issuer: TestIssuer;
  let svc: TestService;
  let mailDir: string;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    mailDir = mkdtempSync(join(tmpdir(), 'notification-report-mail-'));
    svc = await startNotificationService({ issuer, env: { MAIL_TRANSPORT: 'file', MAIL_DIR: mailDir } });
  });
  afterAll(async () => {
    await svc?.close();
    await removeServiceData(svc.consumerName, svc.db);
    await issuer?.close();
    rmSync(mailDir, { recursive: true, force: true });
  });

  // Tokens issued after the roles changes (access version 20), as a fresh login would get.
  const inboxOf = async (userId: string) => {
    const token = await issuer.sign({ sub: userId, accessVersion: 20 });
    const res = await svc.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: { authorization: `Bearer ${token}` } });
    if (res.statusCode !== 200) throw new Error(`inbox answered ${res.statusCode}: ${res.body}`);
    return res.json().items as Array<{ type: string; title: string; body: string }>;
  };
  const mailsTo = (email: string) => readdirSync(mailDir).filter((f) => f.endsWith('.eml')).map((f) => readFileSync(join(mailDir, f), 'utf8')).filter((eml) => eml.includes(`To: ${email}`));

  it('when report.sales.daily arrives, then each admin gets it in the inbox and by email once, a demoted admin and a customer get nothing', async () => {
    const [admin, demoted, customer] = [newUser(), newUser(), newUser()];
    for (const user of [admin, demoted, customer]) await publish('user.registered', user);
    await publish('user.roles.changed', { userId: admin.userId, roles: ['customer', 'admin'], accessVersion: 10 });
    await publish('user.roles.changed', { userId: demoted.userId, roles: ['customer', 'admin'], accessVersion: 10 });
    await publish('user.roles.changed', { userId: demoted.userId, roles: ['customer'], accessVersion: 20 });
    await waitForMetric(svc.app, 'consumed', 'user.roles.changed', 3);
    const date = '2026-12-05';
    const report = {
      date,
      days: [{ date, orders: 3, revenue: { amount: 4250, currency: 'EUR' } }],
      topProducts: [{ productId: 'p1', name: 'Espresso cup', quantity: 5, revenue: { amount: 2500, currency: 'EUR' } }],
    };

    const event = await publish('report.sales.daily', report);
    await publishTestEvent(event);
    await waitFor(async () => (await metric(svc.app, 'consumed', 'report.sales.daily')) + (await metric(svc.app, 'duplicate', 'report.sales.daily')) >= 2, { description: 'both deliveries handled' });

    const inbox = await waitFor(async () => {
      const items = await inboxOf(admin.userId);
      return items.some((i) => i.type === 'report.sales.daily') && items;
    }, { description: 'the report in the admin inbox' });
    const reports = inbox.filter((i) => i.type === 'report.sales.daily');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ title: `Sales report for ${date}`, body: expect.stringContaining('3 orders confirmed, revenue') });
    const mails = await waitFor(() => (mailsTo(admin.email).filter((eml) => eml.includes(`Sales report for ${date}`)).length >= 1 ? mailsTo(admin.email) : undefined), { description: 'the report email' });
    expect(mails.filter((eml) => eml.includes(`Sales report for ${date}`))).toHaveLength(1);
    for (const other of [demoted, customer]) {
      const items = await inboxOf(other.userId);
      expect(items.filter((i) => i.type === 'report.sales.daily')).toEqual([]);
      expect(mailsTo(other.email).filter((eml) => eml.includes('Sales report'))).toEqual([]);
    }
  });
});
