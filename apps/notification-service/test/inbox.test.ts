import { waitFor, type TestIssuer } from '@shopwire/testing';
import {
  clientFor,
  handledOnce,
  newUser,
  publish,
  type TestService,
  type UserClient,
} from './support/notification-service';
import { useNotificationSuite } from './support/notification-suite';

interface Item {
  id: string;
  seq: number;
  type: string;
  read: boolean;
  order?: { orderId: string };
}

describe('the in-app inbox', () => {
  let issuer: TestIssuer;
  let svc: TestService;
  // No SMTP server: emails go to files (MAIL_TRANSPORT=file), which keeps this suite about the inbox.
  useNotificationSuite('files', {}, (suite) => ({ issuer, svc } = suite));

  /** A user with `count` confirmed orders (ord-<n> … in that order), all in the inbox. */
  const userWithOrders = async (count: number): Promise<UserClient> => {
    const user = newUser();
    await publish('user.registered', user);
    for (let n = 1; n <= count; n++)
      await publish('order.confirmed', {
        orderId: `${user.userId.slice(0, 8)}-${n}`,
        userId: user.userId,
        total: { amount: n * 100, currency: 'EUR' },
      });
    const client = await clientFor(svc.app, issuer, user.userId);
    await waitFor(async () => (await client.get('/api/v1/notifications?limit=100')).json().items.length === count + 1, {
      description: 'the inbox to fill',
    });
    return client;
  };

  it('when the API document is fetched, then it describes every notification route as needing a bearer token', async () => {
    const doc = (await svc.app.inject({ method: 'GET', url: '/openapi.json' })).json();

    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/notifications',
      '/api/v1/notifications/preferences',
      '/api/v1/notifications/stream',
      '/api/v1/notifications/{id}/read',
    ]);
    expect(doc.paths['/api/v1/notifications/preferences'].put.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/v1/notifications/stream'].get.responses['200'].content).toHaveProperty([
      'text/event-stream',
    ]);
  });

  it('when there is no token, then 401 problem+json', async () => {
    const res = await svc.app.inject({ method: 'GET', url: '/api/v1/notifications' });

    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'AUTHENTICATION_REQUIRED' });
  });

  it('when the inbox is read a page at a time, then every notification comes once, newest first', async () => {
    const client = await userWithOrders(4);

    const first = (await client.get('/api/v1/notifications?limit=2')).json();
    const second = (await client.get(`/api/v1/notifications?limit=2&cursor=${first.nextCursor}`)).json();
    const third = (await client.get(`/api/v1/notifications?limit=2&cursor=${second.nextCursor}`)).json();

    const items: Item[] = [...first.items, ...second.items, ...third.items];
    expect(items.map((i) => i.seq)).toEqual([5, 4, 3, 2, 1]);
    expect(items.map((i) => i.type)).toEqual([
      'order.confirmed',
      'order.confirmed',
      'order.confirmed',
      'order.confirmed',
      'welcome',
    ]);
    expect(third.nextCursor).toBeNull();
  });

  it('when a notification is marked read, then it is read, listed as read, and no longer among the unread', async () => {
    const client = await userWithOrders(1);
    const newest = ((await client.get('/api/v1/notifications')).json().items as Item[])[0] as Item;

    const res = await client.post(`/api/v1/notifications/${newest.id}/read`);

    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: newest.id, read: true, readAt: expect.any(String) });
    expect((await client.get('/api/v1/notifications?unread=true')).json().items.map((i: Item) => i.type)).toEqual([
      'welcome',
    ]);
    expect((await client.get('/api/v1/notifications?unread=false')).json().items.map((i: Item) => i.id)).toEqual([
      newest.id,
    ]);
    expect((await client.post(`/api/v1/notifications/${newest.id}/read`)).json().readAt).toBe(res.json().readAt);
  });

  it("when another user's notifications exist, then they are never listed and marking them read answers 404", async () => {
    const owner = await userWithOrders(1);
    const other = await userWithOrders(0);
    const ownersNewest = ((await owner.get('/api/v1/notifications')).json().items as Item[])[0] as Item;

    const listed = (await other.get('/api/v1/notifications?limit=100')).json().items as Item[];
    const marked = await other.post(`/api/v1/notifications/${ownersNewest.id}/read`);

    expect(listed.map((i) => i.id)).not.toEqual(expect.arrayContaining([ownersNewest.id]));
    expect(listed).toHaveLength(1);
    expect(marked.statusCode).toBe(404);
    expect(marked.json()).toMatchObject({ code: 'NOTIFICATION_NOT_FOUND' });
    expect((await owner.get('/api/v1/notifications?unread=true')).json().items).toHaveLength(2);
  });

  it.each([
    ['a malformed id', 'not-an-id'],
    ['an unknown id', '0123456789abcdef01234567'],
  ])('when marking %s read, then 404 problem+json', async (_name, id) => {
    const client = await clientFor(svc.app, issuer, newUser().userId);

    const res = await client.post(`/api/v1/notifications/${id}/read`);

    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it.each([
    ['a forged cursor', '/api/v1/notifications?cursor=bm90LWEtY3Vyc29y', 'INVALID_CURSOR'],
    ['a limit above 100', '/api/v1/notifications?limit=101', 'VALIDATION_FAILED'],
    ['an unknown parameter', '/api/v1/notifications?userId=someone-else', 'VALIDATION_FAILED'],
  ])('when the list is asked with %s, then 400', async (_name, url, code) => {
    const client = await clientFor(svc.app, issuer, newUser().userId);

    const res = await client.get(url);

    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code });
  });

  it('when a user is deleted, then their contact data and notifications are gone, and later events for them create nothing', async () => {
    const client = await userWithOrders(2);
    const neighbour = await userWithOrders(1);

    await publish('user.deleted', { userId: client.userId });

    await waitFor(async () => (await svc.models.notifications.countDocuments({ userId: client.userId })) === 0, {
      description: 'the notifications to be erased',
    });
    const contact = await svc.models.contacts.findById(client.userId).lean();
    expect(contact).not.toHaveProperty('email');
    expect(contact).not.toHaveProperty('name');
    expect(contact).not.toHaveProperty('preferences');
    // The deleted account's token is refused (user.deleted also ends its tokens); its neighbour's inbox is whole.
    const refused = await waitFor(
      async () => {
        const res = await client.get('/api/v1/notifications');
        return res.statusCode === 200 ? undefined : res;
      },
      { description: "the deleted account's token to be refused" },
    );
    expect([refused.statusCode, refused.json().code]).toEqual([401, 'TOKEN_REVOKED']);
    expect((await neighbour.get('/api/v1/notifications')).json().items).toHaveLength(2);

    await handledOnce(svc.app, 'consumed', 'order.cancelled', () =>
      publish('order.cancelled', { orderId: 'ord-late', userId: client.userId, reason: 'account closed' }),
    );
    expect(await svc.models.notifications.countDocuments({ userId: client.userId })).toBe(0);
    expect(await svc.models.contacts.findById(client.userId).lean()).toEqual({
      _id: client.userId,
      deletedAt: expect.any(Date),
    });
    expect(await svc.models.sequences.countDocuments({ _id: client.userId })).toBe(0);
  });
});
