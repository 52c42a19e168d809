import mongoose from 'mongoose';
import { createEvent } from '@shopwire/contracts';
import {
  builtService,
  createOwnVhost,
  publishTestEvent,
  startTestIssuer,
  testEnv,
  unique,
  waitFor,
  type BuiltService,
  type OwnVhost,
  type RunningProcess,
  type TestIssuer,
} from '@shopwire/testing';
import { startAnsweringServer } from './support/answering-smtp';
import { newUser } from './support/notification-service';

interface StoredNotification {
  _id: mongoose.mongo.ObjectId;
  userId: string;
  email: { status: string; confirmed?: boolean };
}

// The built service, run as its container runs it, so it can be killed with -9 at a moment the test chooses.
describe('notification-service killed while the SMTP server holds its email', () => {
  let vhost: OwnVhost;
  let issuer: TestIssuer;
  let smtp: Awaited<ReturnType<typeof startAnsweringServer>>;
  let store: mongoose.Connection;
  const db = unique('notifications-crash');
  let built: BuiltService;
  let service: RunningProcess | undefined;

  beforeAll(async () => {
    [vhost, issuer, smtp] = await Promise.all([createOwnVhost(), startTestIssuer(), startAnsweringServer('hold')]);
    store = await mongoose.createConnection(testEnv.mongoUrl, { dbName: db }).asPromise();
    built = await builtService('notification-service', {
      db,
      amqpUrl: vhost.amqpUrl,
      jwksUrl: issuer.jwksUrl,
      env: { MAIL_TRANSPORT: 'smtp', SMTP_URL: smtp.url, EVENT_RETRY_DELAYS_MS: '300,600,1200,2400,4800' },
    });
  });
  afterAll(async () => {
    await service?.stop('SIGTERM', 12000).catch(() => undefined);
    await store?.dropDatabase().catch(() => undefined);
    await store?.close();
    await smtp?.close();
    await issuer?.close();
    await vhost?.remove();
  });

  const start = (): Promise<RunningProcess> => built.start();
  const notificationOf = (userId: string) => store.collection<StoredNotification>('notifications').findOne({ userId });

  it('when it is killed after the server has the whole message and before the answer, then the restarted one records the email and never sends it again', async () => {
    service = await start();
    const user = newUser();

    await publishTestEvent(createEvent('user.registered', user, { source: 'test', correlationId: user.userId }), {
      url: vhost.amqpUrl,
    });
    await waitFor(() => smtp.taken.length === 1, {
      timeoutMs: 20000,
      description: 'the welcome email to reach the SMTP server',
    });
    // The commit is recorded before the final dot, so a server holding the complete message finds it recorded.
    const committed = await notificationOf(user.userId);
    expect(committed?.email.status).toBe('committing');

    const exit = await service.stop('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    // As if the dead process's 30 s claim had run out, instead of waiting for it.
    await store
      .collection('notifications')
      .updateOne({ _id: committed?._id }, { $set: { 'email.claimedUntil': new Date(Date.now() - 1000) } });
    service = await start();

    await waitFor(async () => (await notificationOf(user.userId))?.email.status === 'sent', {
      timeoutMs: 20000,
      description: 'the restarted service to record the email',
    });
    expect(await notificationOf(user.userId)).toMatchObject({ email: { status: 'sent', confirmed: false } });
    expect(smtp.taken).toHaveLength(1);
    expect(service.output()).toContain('recorded as sent, not sent again');
  });
});
