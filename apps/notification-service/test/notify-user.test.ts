import { randomUUID } from 'node:crypto';
import { startSmtpSink, startTestIssuer, type SmtpSink, type TestIssuer } from '@shopwire/testing';
import { orderContent, type OrderNotificationType } from '../src/notifications/content';
import { EmailInProgressError, notifyUser, type NotifyDeps } from '../src/notifications/notify-user';
import { MailOutcomeUnknownError } from '../src/adapters/mail/mail';
import { smtpMailer } from '../src/adapters/mail/smtp-mailer';
import { FROM, withAnsweringServer } from './support/answering-smtp';
import {
  newUser,
  registeredUser,
  removeServiceData,
  startNotificationService,
  type TestService,
} from './support/notification-service';

/** What notifyUser is given for one order event of the user's (a fresh event id each call). */
function orderInput(type: OrderNotificationType, orderId: string, userId: string, amount = 1) {
  return {
    eventId: randomUUID(),
    userId,
    content: orderContent(type, { orderId, userId, total: { amount, currency: 'EUR' } }),
  };
}

// The use case on its own (without the messaging lib's duplicate filter): its own key must make re-runs harmless.
describe('notifying a user of one event', () => {
  let issuer: TestIssuer;
  let sink: SmtpSink;
  let svc: TestService;
  let deps: NotifyDeps;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    sink = await startSmtpSink();
    svc = await startNotificationService({ issuer, sink });
    deps = { ...svc.deps, log: svc.app.log };
    await svc.models.notifications.init();
  });
  afterAll(async () => {
    await svc?.close();
    await removeServiceData(svc.consumerName, svc.db);
    await sink?.close();
    await issuer?.close();
  });

  it('when the same event is handled twice at the same time and once more later, then one notification and one email exist', async () => {
    const user = await registeredUser(sink);
    const input = orderInput('order.delivered', 'ord-race', user.userId);

    const together = await Promise.allSettled([notifyUser(deps, input), notifyUser(deps, input)]);
    await notifyUser(deps, input);

    // One of the two may find the email claimed by the other and fail, to be retried: never a second email.
    const failures = together.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    expect(failures.length).toBeLessThan(2);
    expect(failures.every((error) => error instanceof EmailInProgressError)).toBe(true);

    expect(await svc.models.notifications.countDocuments({ eventId: input.eventId })).toBe(1);
    expect(sink.mailsTo(user.email).filter((m) => m.subject === 'Order ord-race delivered')).toHaveLength(1);
  });

  it('when many events for one user are handled at once, then each notification gets a number of its own', async () => {
    const userId = newUser().userId;
    const inputs = Array.from({ length: 8 }, (_, n) => orderInput('order.confirmed', `ord-many-${n}`, userId, n));

    await Promise.all(inputs.map((input) => notifyUser(deps, input)));

    const seqs = (await svc.models.notifications.find({ userId }).lean()).map((n) => n.seq).sort((a, b) => a - b);
    expect(seqs).toHaveLength(8);
    expect(new Set(seqs).size).toBe(8);
  });

  it('when the email failed after the notification was stored, then the re-run sends the email and stores nothing new', async () => {
    const user = await registeredUser(sink);
    const input = orderInput('order.shipped', 'ord-resume', user.userId);
    await sink.stop();

    await expect(notifyUser(deps, input)).rejects.toThrow();
    const stored = await svc.models.notifications.findOne({ eventId: input.eventId }).lean();
    await sink.start();
    await notifyUser(deps, input);

    expect(stored).toMatchObject({ email: { status: 'pending' } });
    expect(await svc.models.notifications.find({ eventId: input.eventId }).lean()).toEqual([
      expect.objectContaining({ _id: stored?._id, email: expect.objectContaining({ status: 'sent' }) }),
    ]);
    expect(sink.mailsTo(user.email).filter((m) => m.subject === 'Order ord-resume shipped')).toHaveLength(1);
  });

  it('when the server lost its answer after the commit, then the retry waits for the claim and records the email as sent, unconfirmed, without a second copy', async () => {
    const user = await registeredUser(sink);
    const input = orderInput('order.shipped', 'ord-lost-answer', user.userId);
    await withAnsweringServer('drop', async (dropping) => {
      // The first attempt's server takes the whole message, then the connection dies before its answer.
      await expect(
        notifyUser({ ...deps, mailer: smtpMailer({ url: dropping.url, from: FROM }) }, input),
      ).rejects.toBeInstanceOf(MailOutcomeUnknownError);
      expect(dropping.taken).toHaveLength(1);
    });
    const stored = await svc.models.notifications.findOne({ eventId: input.eventId }).lean();
    expect(stored?.email.status).toBe('committing');

    await expect(notifyUser(deps, input)).rejects.toBeInstanceOf(EmailInProgressError);
    // As if the claim's 30 s had run out.
    await svc.models.notifications.updateOne(
      { _id: stored?._id },
      { $set: { 'email.claimedUntil': new Date(Date.now() - 1000) } },
    );
    await notifyUser(deps, input);

    expect(await svc.models.notifications.findById(stored?._id).lean()).toMatchObject({
      email: { status: 'sent', confirmed: false },
    });
    expect(sink.mailsTo(user.email).filter((m) => m.subject === 'Order ord-lost-answer shipped')).toEqual([]);
  });
});
