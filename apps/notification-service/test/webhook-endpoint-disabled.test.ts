import { randomUUID } from 'node:crypto';
import { publishTestEvent, waitFor } from '@shopwire/testing';
import { startAdminNotifications, type AdminNotificationsSetup } from './support/admin-notifications';
import { metric, publish } from './support/notification-service';

describe('a webhook endpoint disabled by webhook-service is reported to every admin (inbox and email)', () => {
  let setup: AdminNotificationsSetup;

  beforeAll(async () => {
    setup = await startAdminNotifications('notification-webhook-mail-');
  });
  afterAll(async () => {
    await setup?.close();
  });

  it('when webhook.endpoint.disabled arrives twice, then each admin gets it in the inbox and by email once, a demoted admin and a customer get nothing', async () => {
    const { svc, inboxOf, mailsTo } = setup;
    const [admin, demoted, customer] = await setup.adminDemotedAndCustomer();
    const url = `https://partner-${randomUUID().slice(0, 8)}.example.com/hooks`;
    const title = `Webhook endpoint disabled: ${url}`;

    const event = await publish('webhook.endpoint.disabled', {
      endpointId: `we_${randomUUID().replace(/-/g, '')}`,
      url,
      reason: 'gone',
      disabledAt: new Date().toISOString(),
    });
    await publishTestEvent(event);
    await waitFor(
      async () =>
        (await metric(svc.app, 'consumed', 'webhook.endpoint.disabled')) +
          (await metric(svc.app, 'duplicate', 'webhook.endpoint.disabled')) >=
        2,
      { description: 'both deliveries handled' },
    );

    const inbox = await waitFor(
      async () => {
        const items = await inboxOf(admin.userId);
        return items.some((i) => i.type === 'webhook.endpoint.disabled') && items;
      },
      { description: 'the notice in the admin inbox' },
    );
    const notices = inbox.filter((i) => i.type === 'webhook.endpoint.disabled');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ title, body: expect.stringContaining('410 Gone') });
    const mails = await waitFor(
      () => (mailsTo(admin.email).some((eml) => eml.includes(title)) ? mailsTo(admin.email) : undefined),
      { description: 'the notice email' },
    );
    expect(mails.filter((eml) => eml.includes(`Subject: ${title}`))).toHaveLength(1);
    for (const other of [demoted, customer]) {
      const items = await inboxOf(other.userId);
      expect(items.filter((i) => i.type === 'webhook.endpoint.disabled')).toEqual([]);
      expect(mailsTo(other.email).filter((eml) => eml.includes('Webhook endpoint disabled'))).toEqual([]);
    }
  });
});
