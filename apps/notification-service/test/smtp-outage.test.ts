import type { SmtpSink, TestIssuer } from '@shopwire/testing';
import {
  clientFor,
  deadLetterCount,
  handledOnce,
  metric,
  publish,
  registeredUser,
  waitForMetric,
  type TestService,
} from './support/notification-service';
import { useNotificationSuite } from './support/notification-suite';

describe('email while SMTP is down', () => {
  let issuer: TestIssuer;
  let sink: SmtpSink;
  let svc: TestService;
  // Four tiers adding up to ~7.5 s: the outage below ends well within them.
  useNotificationSuite(
    'smtp',
    { env: { EVENT_RETRY_DELAYS_MS: '500,1000,2000,4000' } },
    (suite) => ({ issuer, sink, svc } = suite),
  );

  it('when SMTP is down for a while, then the in-app notification exists once, the email arrives once after SMTP returns, and nothing is dead-lettered', async () => {
    const user = await registeredUser(sink);
    const client = await clientFor(svc.app, issuer, user.userId);
    await sink.stop();
    const consumedBefore = await metric(svc.app, 'consumed', 'order.confirmed');

    await handledOnce(svc.app, 'retried', 'order.confirmed', () =>
      publish('order.confirmed', {
        orderId: 'ord-outage',
        userId: user.userId,
        total: { amount: 4200, currency: 'EUR' },
      }),
    );

    const during = (await client.get('/api/v1/notifications')).json().items;
    expect(during.map((i: { type: string }) => i.type)).toEqual(['order.confirmed', 'welcome']);
    await sink.start();
    await sink.waitForMail(user.email, (m) => m.subject === 'Order ord-outage confirmed');
    await waitForMetric(svc.app, 'consumed', 'order.confirmed', consumedBefore + 1);
    expect(sink.mailsTo(user.email).filter((m) => m.subject === 'Order ord-outage confirmed')).toHaveLength(1);
    expect(await svc.models.notifications.countDocuments({ userId: user.userId, 'order.orderId': 'ord-outage' })).toBe(
      1,
    );
    expect(await svc.models.notifications.findOne({ 'order.orderId': 'ord-outage' }).lean()).toMatchObject({
      email: { status: 'sent' },
    });
    expect(await metric(svc.app, 'dead_lettered', 'order.confirmed')).toBe(0);
    expect(await deadLetterCount(svc.consumerName)).toBe(0);
  });
});
