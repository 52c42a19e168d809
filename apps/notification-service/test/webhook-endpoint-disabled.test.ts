import { randomUUID } from 'node:crypto';
import { publishTestEvent } from '@shopwire/testing';
import { useAdminNotifications, type AdminNotificationsSetup } from './support/admin-notifications';
import { publish, waitForHandled } from './support/notification-service';

describe('a webhook endpoint disabled by webhook-service is reported to every admin (inbox and email)', () => {
  let setup: AdminNotificationsSetup;
  useAdminNotifications('notification-webhook-mail-', (started) => (setup = started));

  it('when webhook.endpoint.disabled arrives twice, then each admin gets it in the inbox and by email once, a demoted admin and a customer get nothing', async () => {
    const { svc, inboxOf, mailsTo, waitForInboxWith, waitForMailWith } = setup;
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
    await waitForHandled(svc.app, 'webhook.endpoint.disabled', 2);

    const inbox = await waitForInboxWith(admin.userId, 'webhook.endpoint.disabled', 'the notice in the admin inbox');
    const notices = inbox.filter((i) => i.type === 'webhook.endpoint.disabled');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ title, body: expect.stringContaining('410 Gone') });
    const mails = await waitForMailWith(admin.email, title, 'the notice email');
    expect(mails.filter((eml) => eml.includes(`Subject: ${title}`))).toHaveLength(1);
    for (const other of [demoted, customer]) {
      const items = await inboxOf(other.userId);
      expect(items.filter((i) => i.type === 'webhook.endpoint.disabled')).toEqual([]);
      expect(mailsTo(other.email).filter((eml) => eml.includes('Webhook endpoint disabled'))).toEqual([]);
    }
  });
});
