import { publishTestEvent, waitFor, type SmtpSink, type TestIssuer } from '@shopwire/testing';
import { clientFor, metric, newUser, publish, waitForMetric, type TestService } from './support/notification-service';
import { useNotificationSuite } from './support/notification-suite';

describe('notification emails and in-app notifications from events', () => {
  let issuer: TestIssuer;
  let sink: SmtpSink;
  let svc: TestService;
  useNotificationSuite('smtp', {}, (suite) => ({ issuer, sink, svc } = suite));

  const inbox = async (userId: string) =>
    (await (await clientFor(svc.app, issuer, userId)).get('/api/v1/notifications')).json();

  it('when a user registers, then a welcome email reaches the SMTP sink and a welcome notification is in their inbox', async () => {
    const user = newUser();

    await publish('user.registered', user);

    const mail = await sink.waitForMail(user.email);
    expect(mail.subject).toBe('Welcome to Shopwire');
    expect(mail.text).toContain('Hello Ada Lovelace,');
    expect(mail.from).toBe('no-reply@shopwire.example');
    const page = await waitFor(async () => {
      const body = await inbox(user.userId);
      return body.items.length === 1 ? body : undefined;
    });
    expect(page).toEqual({
      items: [expect.objectContaining({ type: 'welcome', title: 'Welcome to Shopwire', read: false, readAt: null })],
      nextCursor: null,
    });
  });

  it("when an order event arrives before the customer's user.registered (a redelivery after a crash), then its email still goes out once the contact arrives", async () => {
    const user = newUser();

    await publish('order.confirmed', {
      orderId: 'ord-early',
      userId: user.userId,
      total: { amount: 500, currency: 'EUR' },
    });
    await waitForMetric(svc.app, 'retried', 'order.confirmed', 1);
    await publish('user.registered', user);

    const mail = await sink.waitForMail(user.email, (m) => m.subject === 'Order ord-early confirmed');
    expect(mail.text).toContain('Order: ord-early');
    await waitFor(async () => (await inbox(user.userId)).items.length === 2, {
      timeoutMs: 20000,
      description: 'the welcome and the order notification',
    });
    expect(sink.mailsTo(user.email).filter((m) => m.subject === 'Order ord-early confirmed')).toHaveLength(1);
  });

  it('when an order is confirmed, then email and notification carry the order number, status and total', async () => {
    const user = newUser();
    await publish('user.registered', user);
    await sink.waitForMail(user.email, (m) => m.subject === 'Welcome to Shopwire');

    await publish('order.confirmed', {
      orderId: 'ord-1001',
      userId: user.userId,
      total: { amount: 1299, currency: 'EUR' },
    });

    const mail = await sink.waitForMail(user.email, (m) => m.subject === 'Order ord-1001 confirmed');
    expect(mail.text).toContain('Order: ord-1001\nStatus: confirmed\nTotal: €12.99');
    expect(mail.html).toContain('<td>€12.99</td>');
    const page = await waitFor(async () => {
      const body = await inbox(user.userId);
      return body.items.length === 2 ? body : undefined;
    });
    expect(page.items[0]).toMatchObject({
      type: 'order.confirmed',
      order: { orderId: 'ord-1001', status: 'confirmed', total: { amount: 1299, currency: 'EUR' } },
    });
  });

  it('when an order is rejected, then the reason is in the email and the notification, escaped in the HTML', async () => {
    const user = newUser();
    await publish('user.registered', user);

    await publish('order.rejected', {
      orderId: 'ord-2002',
      userId: user.userId,
      reason: 'Out of stock: <Widget & Co>',
    });

    const mail = await sink.waitForMail(user.email, (m) => m.subject === 'Order ord-2002 could not be accepted');
    expect(mail.text).toContain('Reason: Out of stock: <Widget & Co>');
    expect(mail.html).toContain('Out of stock: &lt;Widget &amp; Co&gt;');
    expect(mail.html).not.toContain('<Widget');
    const page = await waitFor(async () => {
      const body = await inbox(user.userId);
      return body.items.find((i: { type: string }) => i.type === 'order.rejected') ? body : undefined;
    });
    expect(page.items[0].order).toEqual({
      orderId: 'ord-2002',
      status: 'rejected',
      reason: 'Out of stock: <Widget & Co>',
    });
  });

  it('when the same event is delivered twice, then one email and one notification exist', async () => {
    const user = newUser();
    const registered = await publish('user.registered', user);
    await sink.waitForMail(user.email);
    const duplicatesBefore = await metric(svc.app, 'duplicate', 'user.registered');

    await publishTestEvent(registered);

    await waitForMetric(svc.app, 'duplicate', 'user.registered', duplicatesBefore + 1);
    expect(sink.mailsTo(user.email)).toHaveLength(1);
    expect(await svc.models.notifications.countDocuments({ userId: user.userId })).toBe(1);
  });
});
