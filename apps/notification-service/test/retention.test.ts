import { Types } from 'mongoose';
import { startTestIssuer, unique, waitFor, type TestIssuer } from '@shopwire/testing';
import { removeServiceData, startNotificationService, type TestService } from './support/notification-service';

const HOUR_MS = 3600000;

describe('retention of notifications and handled events (small batches, by a job)', () => {
  let issuer: TestIssuer;
  let svc: TestService;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    svc = await startNotificationService({
      issuer,
      // Read notifications are kept 12 h here, handled event ids 24 h; both jobs run every 200 ms.
      env: { NOTIFICATION_READ_RETENTION_DAYS: '0.5', RETENTION_EVERY_MS: '200' },
      messaging: { processedEvents: { retentionMs: 24 * HOUR_MS, purgeEveryMs: 200 } },
    });
  });
  afterAll(async () => {
    await svc?.close();
    await removeServiceData(svc.consumerName, svc.db);
    await issuer?.close();
  });

  const ago = (ms: number) => new Date(Date.now() - ms);
  const notification = (seq: number, readAt: Date | null, email: Record<string, unknown>) => ({
    _id: new Types.ObjectId(),
    userId: unique('user'),
    eventId: unique('event'),
    seq,
    type: 'order.confirmed',
    title: 'Order confirmed',
    body: 'Your order is confirmed.',
    inApp: true,
    readAt,
    createdAt: ago(40 * 24 * HOUR_MS),
    email,
  });

  it('when expired and live records are seeded, then only the expired are removed and only delivered emails lose their expired claim', async () => {
    const notifications = svc.models.notifications.collection;
    const processed = svc.app.mongo.collection<{ _id: string; at: Date }>('processed_events');
    const readLongAgo = notification(1, ago(2 * 24 * HOUR_MS), { status: 'sent', sentAt: ago(40 * 24 * HOUR_MS) });
    const readRecently = notification(2, ago(HOUR_MS), { status: 'sent', sentAt: ago(40 * 24 * HOUR_MS) });
    const unreadOld = notification(3, null, { status: 'skipped' });
    const sentWithClaim = notification(4, null, { status: 'sent', sentAt: ago(HOUR_MS), claimedUntil: ago(HOUR_MS) });
    const pendingWithClaim = notification(5, null, { status: 'pending', claimedUntil: ago(HOUR_MS) });
    await notifications.insertMany([readLongAgo, readRecently, unreadOld, sentWithClaim, pendingWithClaim] as never[]);
    const [oldEvent, newEvent] = [unique('old-event'), unique('new-event')];
    await processed.insertMany([
      { _id: oldEvent, at: ago(2 * 24 * HOUR_MS) },
      { _id: newEvent, at: ago(HOUR_MS) },
    ]);

    await waitFor(
      async () =>
        (await notifications.findOne({ _id: readLongAgo._id })) === null &&
        (await notifications.findOne({ _id: sentWithClaim._id }))?.email?.claimedUntil === undefined &&
        (await processed.findOne({ _id: oldEvent })) === null,
      { timeoutMs: 20000, description: 'the retention jobs to remove the expired records' },
    );

    const left = await notifications
      .find({ _id: { $in: [readRecently._id, unreadOld._id, sentWithClaim._id, pendingWithClaim._id] } })
      .toArray();
    expect(left.map((n) => n.seq).sort()).toEqual([2, 3, 4, 5]);
    expect(left.find((n) => n.seq === 4)?.email).toEqual({ status: 'sent', sentAt: sentWithClaim.email.sentAt });
    expect(left.find((n) => n.seq === 5)?.email.claimedUntil).toEqual(pendingWithClaim.email.claimedUntil);
    expect(await processed.findOne({ _id: newEvent })).not.toBeNull();
  });
});
