import { mongo } from 'mongoose';
import {
  createOwnVhost,
  publishTestEvent,
  recordStoreCommands,
  startSmtpSink,
  startTestIssuer,
  testEnv,
  type OwnVhost,
  type SmtpSink,
  type StoreCommandLog,
  type TestIssuer,
  writesOf,
} from '@shopwire/testing';
import {
  clientFor,
  handledOnce,
  newUser,
  publish as publishOn,
  removeServiceData,
  startNotificationService,
  waitForMetric,
  type TestService,
} from './support/notification-service';

describe('notification-service hot paths touch the store only by _id or by inserts', () => {
  let issuer: TestIssuer;
  let sink: SmtpSink;
  let svc: TestService;
  let log: StoreCommandLog;
  // A connection of the test's own, so its checks are not among the recorded commands.
  let probe: mongo.MongoClient;
  // A vhost of its own: on the shared one, events other tests publish would be handled (and counted) here too.
  let vhost: OwnVhost;
  const publish = <T extends Parameters<typeof publishOn>[0]>(type: T, data: Parameters<typeof publishOn<T>>[1]) =>
    publishOn(type, data, vhost.amqpUrl);

  beforeAll(async () => {
    issuer = await startTestIssuer();
    sink = await startSmtpSink();
    vhost = await createOwnVhost();
    svc = await startNotificationService({ issuer, sink, env: { AMQP_URL: vhost.amqpUrl } });
    probe = await new mongo.MongoClient(testEnv.mongoUrl).connect();
    // The first event builds the indexes: start-up work, done before recording.
    const warmUp = newUser();
    await publish('user.registered', warmUp);
    await sink.waitForMail(warmUp.email);
    await waitForMetric(svc.app, 'consumed', 'user.registered', 1);
    // The relay's periodic sweep of in-flight pointers (and the metrics' look at them) is not the work of one event.
    log = recordStoreCommands(svc.app.mongo.getClient(), {
      dbName: svc.db,
      exceptCollections: ['outbox_pointers', 'job_leases'],
    });
  });
  afterAll(async () => {
    log?.stop();
    await probe?.close();
    await svc?.close();
    await removeServiceData(svc.consumerName, svc.db, 3, vhost.amqpUrl);
    await vhost?.remove();
    await sink?.close();
    await issuer?.close();
  });

  it('when a user registers, an order of theirs is confirmed (and delivered twice), the notification is read, the profile changes and the user is deleted, then every command is an insert or names one document by _id, but the erasure of the user', async () => {
    const step = log.step;
    const user = newUser();
    const client = await clientFor(svc.app, issuer, user.userId);

    await step('user.registered', () =>
      handledOnce(svc.app, 'consumed', 'user.registered', async () => {
        await publish('user.registered', user);
        await sink.waitForMail(user.email, (m) => m.subject === 'Welcome to Shopwire');
      }),
    );
    const confirmed = await step('order.confirmed', () =>
      handledOnce(svc.app, 'consumed', 'order.confirmed', async () => {
        const event = await publish('order.confirmed', {
          orderId: 'ord-hot',
          userId: user.userId,
          total: { amount: 1299, currency: 'EUR' },
        });
        await sink.waitForMail(user.email, (m) => m.subject === 'Order ord-hot confirmed');
        return event;
      }),
    );
    // The order events keep no inbox record: the handler runs again and finds the notification by _id, its email sent.
    await step('order.confirmed delivered again', () =>
      handledOnce(svc.app, 'consumed', 'order.confirmed', () => publishTestEvent(confirmed, { url: vhost.amqpUrl })),
    );
    const stored = await probe.db(svc.db).collection('notifications').findOne({ eventId: confirmed.id });
    await step('mark read', async () => {
      expect((await client.post(`/api/v1/notifications/${String(stored?._id)}/read`)).json()).toMatchObject({
        read: true,
        order: { orderId: 'ord-hot' },
      });
    });
    await step('user.updated', () =>
      handledOnce(svc.app, 'consumed', 'user.updated', () => publish('user.updated', { ...user, name: 'Ada King' })),
    );
    await step('user.deleted', () =>
      handledOnce(svc.app, 'consumed', 'user.deleted', () => publish('user.deleted', { userId: user.userId })),
    );

    expect(sink.mailsTo(user.email).map((m) => m.subject)).toEqual(['Welcome to Shopwire', 'Order ord-hot confirmed']);
    expect(log.offendingByStep()).toEqual({
      'user.registered': [],
      'order.confirmed': [],
      'order.confirmed delivered again': [],
      'mark read': [],
      'user.updated': [],
      // Forgetting a user erases all of their notifications: one bulk delete over that user's documents.
      'user.deleted': [{ name: 'delete', collection: 'notifications', filters: [{ userId: user.userId }] }],
    });
    // One order's notification and email: the number, the notification (whose insert claims the email and is the
    // event's inbox record), the commit inside the SMTP transaction, sent.
    // The job runner renews its leases whenever it runs, whatever a step does: those writes are not the step's.
    expect(writesOf(log.steps.get('order.confirmed')?.commands ?? [], ['job_leases'])).toEqual({
      inbox_sequences: 1,
      notifications: 3,
    });
    expect(writesOf(log.steps.get('order.confirmed delivered again')?.commands ?? [], ['job_leases'])).toEqual({});
  });
});
