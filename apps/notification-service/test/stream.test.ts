import {
  openSse,
  startTestIssuer,
  unique,
  waitFor,
  withDeadline,
  type SseConnection,
  type TestIssuer,
} from '@shopwire/testing';
import {
  newUser,
  publish,
  removeServiceData,
  startNotificationService,
  type TestService,
} from './support/notification-service';

describe('live notifications over Server-Sent Events', () => {
  let issuer: TestIssuer;
  let first: TestService;
  let second: TestService;
  const streams: SseConnection[] = [];

  beforeAll(async () => {
    issuer = await startTestIssuer();
    const shared = { consumerName: unique('notification-test'), db: unique('notifications-test') };
    // Two replicas: one queue, one database, each with its own connected clients.
    first = await startNotificationService({ issuer, shared, env: { SSE_HEARTBEAT_MS: '200' } });
    second = await startNotificationService({ issuer, shared, env: { SSE_HEARTBEAT_MS: '200' } });
  });
  afterEach(() => {
    for (const stream of streams.splice(0)) stream.close();
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    await removeServiceData(first.consumerName, first.db);
    await issuer?.close();
  });

  const connect = async (
    svc: TestService,
    userId: string,
    headers: Record<string, string> = {},
  ): Promise<SseConnection> => {
    const stream = await openSse(`${svc.baseUrl}/api/v1/notifications/stream`, {
      authorization: `Bearer ${await issuer.sign({ sub: userId })}`,
      ...headers,
    });
    streams.push(stream);
    return stream;
  };
  const confirmed = (userId: string, orderId: string) =>
    publish('order.confirmed', { orderId, userId, total: { amount: 990, currency: 'EUR' } });
  const orderIdOf = (data: string): string | undefined =>
    (JSON.parse(data) as { order?: { orderId: string } }).order?.orderId;

  it('when there is no token, then 401 problem+json and no stream', async () => {
    const stream = await openSse(`${first.baseUrl}/api/v1/notifications/stream`);

    expect(stream.status).toBe(401);
    expect(JSON.parse(await stream.body())).toMatchObject({ code: 'AUTHENTICATION_REQUIRED' });
  });

  it('when a client is connected, then it gets heartbeat comments while nothing happens', async () => {
    const stream = await connect(first, newUser().userId);

    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    await stream.waitForComment((c) => c === 'heartbeat');
  });

  it('when an order is confirmed, then clients on every instance receive it live, with its seq as the event id', async () => {
    const user = newUser();
    const onFirst = await connect(first, user.userId);
    const onSecond = await connect(second, user.userId);

    await confirmed(user.userId, 'ord-live');

    const [a, b] = await Promise.all([
      onFirst.waitForEvent((e) => orderIdOf(e.data) === 'ord-live'),
      onSecond.waitForEvent((e) => orderIdOf(e.data) === 'ord-live'),
    ]);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ event: 'notification', id: '1' });
    expect(JSON.parse(a.data)).toMatchObject({
      seq: 1,
      type: 'order.confirmed',
      read: false,
      order: { orderId: 'ord-live', status: 'confirmed', total: { amount: 990, currency: 'EUR' } },
    });
  });

  it('when a client reconnects with Last-Event-ID, then it first gets exactly what it missed, then live ones', async () => {
    const user = newUser();
    const before = await connect(first, user.userId);
    await confirmed(user.userId, 'ord-seen');
    const seen = await before.waitForEvent((e) => orderIdOf(e.data) === 'ord-seen');
    before.close();
    await confirmed(user.userId, 'ord-missed-1');
    await confirmed(user.userId, 'ord-missed-2');
    await waitFor(async () => (await first.models.notifications.countDocuments({ userId: user.userId })) === 3, {
      description: 'the missed notifications to be stored',
    });

    const after = await connect(second, user.userId, { 'last-event-id': String(seen.id) });
    await after.waitForEvent((e) => e.id === '3');
    await confirmed(user.userId, 'ord-after');
    await after.waitForEvent((e) => orderIdOf(e.data) === 'ord-after');

    expect(after.events.map((e) => [e.id, orderIdOf(e.data)])).toEqual([
      ['2', expect.stringMatching(/^ord-missed-/)],
      ['3', expect.stringMatching(/^ord-missed-/)],
      ['4', 'ord-after'],
    ]);
  });

  it("when another user's notification is created, then it is not pushed to this user's stream", async () => {
    const me = newUser();
    const someoneElse = newUser();
    const mine = await connect(first, me.userId);
    const theirs = await connect(first, someoneElse.userId);

    await confirmed(someoneElse.userId, 'ord-not-mine');
    await theirs.waitForEvent((e) => orderIdOf(e.data) === 'ord-not-mine');
    await confirmed(me.userId, 'ord-mine');

    await mine.waitForEvent((e) => orderIdOf(e.data) === 'ord-mine');
    expect(mine.events.map((e) => orderIdOf(e.data))).toEqual(['ord-mine']);
  });

  it('when Last-Event-ID is not a number this API sent, then 400 problem+json', async () => {
    const stream = await connect(first, newUser().userId, { 'last-event-id': 'abc' });

    expect(stream.status).toBe(400);
    expect(JSON.parse(await stream.body())).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it("when a user already has 3 streams open, then the 4th is 429 TOO_MANY_STREAMS with Retry-After, another user's stream still opens, and closing one lets a new one open", async () => {
    const greedy = newUser().userId;
    const open = [await connect(first, greedy), await connect(first, greedy), await connect(first, greedy)];
    expect(open.map((s) => s.status)).toEqual([200, 200, 200]);

    const fourth = await connect(first, greedy);

    expect(fourth.status).toBe(429);
    expect(fourth.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(JSON.parse(await fourth.body())).toMatchObject({ status: 429, code: 'TOO_MANY_STREAMS' });
    expect((await connect(first, newUser().userId)).status).toBe(200);

    open[0]!.close();
    // The server hears the client go away a moment later; until then the slot is still taken.
    const again = await waitFor(
      async () => {
        const next = await connect(first, greedy);
        return next.status === 200 ? next : undefined;
      },
      { description: 'a new stream of the user once one of the three has closed' },
    );
    await again.waitForComment((c) => c === 'connected');
  });

  it('when the access token a stream was opened with expires, then the server ends the stream', async () => {
    const token = await issuer.sign({ sub: newUser().userId, expiresIn: '2s' });
    const stream = await openSse(`${first.baseUrl}/api/v1/notifications/stream`, { authorization: `Bearer ${token}` });
    streams.push(stream);
    expect(stream.status).toBe(200);

    await withDeadline(stream.ended, 10000, 'the server to end the stream once its token has expired');
    expect(stream.comments).toContain('token expired');
  });

  it('when the service shuts down with clients connected, then their streams end and it closes in time', async () => {
    const third = await startNotificationService({
      issuer,
      shared: { consumerName: first.consumerName, db: first.db },
    });
    const stream = await connect(third, newUser().userId);
    await stream.waitForComment((c) => c === 'connected');

    await withDeadline(third.close(), 10000, 'the service to close');

    await withDeadline(stream.ended, 5000, 'the stream to end');
  });
});
