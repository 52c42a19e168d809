import { publishTestEvent, waitFor, type SmtpSink, type TestIssuer } from '@shopwire/testing';
import {
  clientFor,
  handledOnce,
  newUser,
  publish,
  registeredUser,
  type TestService,
  type UserClient,
} from './support/notification-service';
import { useNotificationSuite } from './support/notification-suite';

describe('notification preferences', () => {
  let issuer: TestIssuer;
  let sink: SmtpSink;
  let svc: TestService;
  useNotificationSuite('smtp', {}, (suite) => ({ issuer, sink, svc } = suite));

  const registered = async (): Promise<UserClient & { email: string }> => {
    const user = await registeredUser(sink);
    return { ...(await clientFor(svc.app, issuer, user.userId)), email: user.email };
  };
  const listed = async (client: UserClient, count: number) =>
    waitFor(
      async () => {
        const body = (await client.get('/api/v1/notifications')).json();
        return body.items.length === count ? body.items : undefined;
      },
      { description: `${count} notifications listed` },
    );

  it('when nothing was chosen, then both channels are on', async () => {
    const client = await clientFor(svc.app, issuer, newUser().userId);

    const res = await client.get('/api/v1/notifications/preferences');

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ email: true, inApp: true });
  });

  it('when preferences are saved, then they are read back', async () => {
    const client = await clientFor(svc.app, issuer, newUser().userId);

    const put = await client.put('/api/v1/notifications/preferences', { email: false, inApp: true });

    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ email: false, inApp: true });
    expect((await client.get('/api/v1/notifications/preferences')).json()).toEqual({ email: false, inApp: true });
  });

  it.each([
    ['a missing field', { email: false }],
    ['an unknown field', { email: false, inApp: true, sms: true }],
    ['a string for a boolean', { email: 'false', inApp: true }],
    ['an operator object', { email: { $ne: true }, inApp: true }],
  ])('when the preferences have %s, then 400 problem+json', async (_name, body) => {
    const client = await clientFor(svc.app, issuer, newUser().userId);

    const res = await client.put('/api/v1/notifications/preferences', body);

    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
  });

  it('when email is switched off, then an order sends no email but the in-app notification is there', async () => {
    const client = await registered();
    await client.put('/api/v1/notifications/preferences', { email: false, inApp: true });

    await handledOnce(svc.app, 'consumed', 'order.shipped', () =>
      publish('order.shipped', {
        orderId: 'ord-quiet',
        userId: client.userId,
        total: { amount: 500, currency: 'USD' },
      }),
    );

    expect(sink.mailsTo(client.email).map((m) => m.subject)).toEqual(['Welcome to Shopwire']);
    const items = await listed(client, 2);
    expect(items[0]).toMatchObject({ type: 'order.shipped', order: { orderId: 'ord-quiet' } });
    // Email back on, a later event is mailed: the pipeline delivers, and the earlier event still sent nothing.
    await client.put('/api/v1/notifications/preferences', { email: true, inApp: true });
    await publish('order.delivered', {
      orderId: 'ord-loud',
      userId: client.userId,
      total: { amount: 500, currency: 'USD' },
    });
    await sink.waitForMail(client.email, (m) => m.subject === 'Order ord-loud delivered');
    expect(sink.mailsTo(client.email).map((m) => m.subject)).toEqual([
      'Welcome to Shopwire',
      'Order ord-loud delivered',
    ]);
  });

  it('when in-app is switched off, then the email is sent and nothing is listed or kept unread', async () => {
    const client = await registered();
    await client.put('/api/v1/notifications/preferences', { email: true, inApp: false });

    await publish('order.confirmed', {
      orderId: 'ord-mailonly',
      userId: client.userId,
      total: { amount: 100, currency: 'GBP' },
    });

    await sink.waitForMail(client.email, (m) => m.subject === 'Order ord-mailonly confirmed');
    const items = (await client.get('/api/v1/notifications')).json().items;
    expect(items.map((i: { type: string }) => i.type)).toEqual(['welcome']);
  });

  it('when both channels are off, then nothing is listed or mailed, and the same event delivered again after switching them on creates nothing either', async () => {
    const client = await registered();
    await client.put('/api/v1/notifications/preferences', { email: false, inApp: false });

    const shipped = await handledOnce(svc.app, 'consumed', 'order.shipped', () =>
      publish('order.shipped', {
        orderId: 'ord-silent',
        userId: client.userId,
        total: { amount: 700, currency: 'EUR' },
      }),
    );
    await client.put('/api/v1/notifications/preferences', { email: true, inApp: true });
    await handledOnce(svc.app, 'consumed', 'order.shipped', () => publishTestEvent(shipped));

    expect((await client.get('/api/v1/notifications')).json().items.map((i: { type: string }) => i.type)).toEqual([
      'welcome',
    ]);
    expect(sink.mailsTo(client.email).map((m) => m.subject)).toEqual(['Welcome to Shopwire']);
  });
});
