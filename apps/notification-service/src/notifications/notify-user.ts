import type { FastifyBaseLogger } from 'fastify';
import type { Models } from '../models';
import { DEFAULT_PREFERENCES, type Contact } from '../models/contact.model';
import type { Notification } from '../models/notification.model';
import { isDuplicateKey } from '../models/duplicate-key';
import type { Mailer } from '../plugins/mailer.plugin';
import type { LiveFeed } from '../plugins/live-feed.plugin';
import type { NotificationContent } from './content';
import { renderEmail } from './email-template';
import { toInboxItem } from './inbox-item';

export interface NotifyDeps {
  models: Models;
  mailer: Mailer;
  liveFeed: Pick<LiveFeed, 'publish'>;
  log: FastifyBaseLogger;
}

export interface NotifyInput {
  eventId: string;
  userId: string;
  content: NotificationContent;
}

// Longer than nodemailer's timeouts add up to: a claim this old belongs to an attempt that died mid-send.
const EMAIL_CLAIM_MS = 60_000;

/** The next number in the user's inbox, or undefined when the user was deleted (their tombstone refuses the upsert). */
async function nextSeq(models: Models, userId: string): Promise<number | undefined> {
  try {
    const contact = await models.contacts
      .findOneAndUpdate({ _id: userId, deletedAt: { $exists: false } }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' })
      .lean();
    return contact?.seq;
  } catch (error) {
    if (isDuplicateKey(error)) return undefined;
    throw error;
  }
}

/** Stores the notification once per (event, user); a re-run finds the one stored before. */
async function recordOnce(deps: NotifyDeps, input: NotifyInput, contact: Contact | null): Promise<Notification | undefined> {
  const { models } = deps;
  const existing = await models.notifications.findOne({ eventId: input.eventId, userId: input.userId }).lean();
  if (existing) return existing;
  const preferences = contact?.preferences ?? DEFAULT_PREFERENCES;
  if (!preferences.email && !preferences.inApp) return undefined;
  const seq = await nextSeq(models, input.userId);
  if (seq === undefined) return undefined;
  try {
    const created = await models.notifications.create({
      ...input.content,
      eventId: input.eventId,
      userId: input.userId,
      seq,
      inApp: preferences.inApp,
      readAt: null,
      createdAt: new Date(),
      email: { status: preferences.email ? 'pending' : 'skipped' },
    });
    const notification = created.toObject();
    if (notification.inApp) deps.liveFeed.publish({ userId: input.userId, item: toInboxItem(notification) });
    return notification;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return (await models.notifications.findOne({ eventId: input.eventId, userId: input.userId }).lean()) ?? undefined;
  }
}

/** Sends the notification's email unless it was sent, skipped, or another attempt is sending it right now. */
async function emailOnce(deps: NotifyDeps, notification: Notification, contact: Contact | null): Promise<void> {
  const { notifications } = deps.models;
  if (notification.email.status === 'sent' || notification.email.status === 'skipped') return;
  if (!contact?.email) {
    deps.log.warn({ notificationId: notification._id.toHexString() }, 'no email address known for the user; email skipped');
    await notifications.updateOne({ _id: notification._id, 'email.status': 'pending' }, { $set: { 'email.status': 'skipped' } });
    return;
  }
  const now = new Date();
  const claimed = await notifications.updateOne(
    { _id: notification._id, $or: [{ 'email.status': 'pending' }, { 'email.status': 'sending', 'email.claimedAt': { $lt: new Date(now.getTime() - EMAIL_CLAIM_MS) } }] },
    { $set: { 'email.status': 'sending', 'email.claimedAt': now } },
  );
  if (claimed.modifiedCount === 0) return;
  try {
    await deps.mailer.send({ to: contact.email, messageId: `<${notification._id.toHexString()}@notifications.shopwire>`, ...renderEmail(notification, contact.name) });
  } catch (error) {
    // Released at once, so the retry of this event can send it without waiting for the claim to expire.
    await notifications.updateOne({ _id: notification._id, 'email.status': 'sending' }, { $set: { 'email.status': 'pending' } }).catch(() => undefined);
    throw error;
  }
  await notifications.updateOne({ _id: notification._id }, { $set: { 'email.status': 'sent', 'email.sentAt': new Date() } });
}

/**
 * One event for one user: at most one in-app notification and one email, each as the user's preferences say.
 * Safe to run again for the same event: an attempt that failed at the email resumes there.
 */
export async function notifyUser(deps: NotifyDeps, input: NotifyInput): Promise<void> {
  const contact = await deps.models.contacts.findById(input.userId).lean();
  if (contact?.deletedAt) return;
  const notification = await recordOnce(deps, input, contact);
  if (notification) await emailOnce(deps, notification, contact);
}
