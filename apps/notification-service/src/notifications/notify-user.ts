import type { FastifyBaseLogger } from 'fastify';
import type { Models } from '../models';
import { DEFAULT_PREFERENCES, type Contact } from '../models/contact.model';
import type { Notification } from '../models/notification.model';
import { isDuplicateKey } from '../models/duplicate-key';
import { MailOutcomeUnknownError, type Mailer } from '../plugins/mailer.plugin';
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

// Longer than an attempt may take to reach the mail's commit (the SMTP mailer gives up at 20 s), so a claim this
// old belongs to an attempt that died or gave up; shorter than the default retry tiers (about 57 s at the least),
// so the event's last retry finds it expired.
const EMAIL_CLAIM_MS = 30_000;
// A number can be taken twice only by racing increments (FerretDB's $inc is not atomic); each retry takes a fresh
// one and each round of racers has a winner, so as many attempts as events one consumer handles at once (its
// prefetch) always suffice. Past them the event goes back to the retry tiers, so nothing is lost either way.
const NUMBERING_ATTEMPTS = 32;

async function nextSeq(models: Models, userId: string): Promise<number> {
  const sequence = await models.sequences.findOneAndUpdate({ _id: userId }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' }).lean();
  if (!sequence) throw new Error('the inbox sequence was not returned');
  return sequence.seq;
}

const findStored = (models: Models, input: NotifyInput) => models.notifications.findOne({ eventId: input.eventId, userId: input.userId }).lean<Notification>();

/** Stores the notification once per (event, user); a re-run finds the one stored before. */
async function recordOnce(deps: NotifyDeps, input: NotifyInput, contact: Contact | null): Promise<Notification | undefined> {
  const { models } = deps;
  const existing = await findStored(models, input);
  if (existing) return existing;
  const preferences = contact?.preferences ?? DEFAULT_PREFERENCES;
  if (!preferences.email && !preferences.inApp) return undefined;
  for (let attempt = 1; attempt <= NUMBERING_ATTEMPTS; attempt++) {
    try {
      const created = await models.notifications.create({
        ...input.content,
        eventId: input.eventId,
        userId: input.userId,
        seq: await nextSeq(models, input.userId),
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
      const stored = await findStored(models, input);
      if (stored) return stored;
    }
  }
  throw new Error(`no free inbox number for user ${input.userId} after ${NUMBERING_ATTEMPTS} attempts`);
}

/** Another attempt holds the email's claim; retried later, the event finds the email sent or the claim expired. */
export class EmailInProgressError extends Error {
  constructor(notificationId: string) {
    super(`the email of notification ${notificationId} is being sent by another attempt`);
    this.name = 'EmailInProgressError';
  }
}

/** True when this attempt holds the notification's email claim: a fresh insert, or one taken over from a dead attempt. */
async function claimEmail(models: Models, notification: Notification): Promise<boolean> {
  const claim = { _id: notification._id, userId: notification.userId, claimedAt: new Date() };
  try {
    await models.emailClaims.create(claim);
    return true;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const expired = await models.emailClaims.deleteOne({ _id: notification._id, claimedAt: { $lt: new Date(Date.now() - EMAIL_CLAIM_MS) } });
  if (expired.deletedCount === 0) return false;
  try {
    await models.emailClaims.create(claim);
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/** A dead attempt got past the commit: the server has the mail (see smtp-mailer), so it is recorded, never resent. */
async function recordCommitted(deps: NotifyDeps, notification: Notification, committedAt: Date | undefined): Promise<void> {
  deps.log.warn({ notificationId: notification._id.toHexString() }, 'an earlier attempt handed the email over without recording the answer; recorded as sent, not sent again');
  await deps.models.notifications.updateOne(
    { _id: notification._id, 'email.status': 'committing' },
    { $set: { 'email.status': 'sent', 'email.sentAt': committedAt ?? new Date(), 'email.confirmed': false } },
  );
}

/**
 * Sends the notification's email unless it was sent or skipped. While another attempt holds the claim this one
 * fails, so the retry tiers come back: that attempt may have died before sending.
 */
async function emailOnce(deps: NotifyDeps, notification: Notification, contact: Contact | null): Promise<void> {
  const { notifications, emailClaims } = deps.models;
  if (notification.email.status === 'sent' || notification.email.status === 'skipped') return;
  if (!contact?.email) {
    deps.log.warn({ notificationId: notification._id.toHexString() }, 'no email address known for the user; email skipped');
    await notifications.updateOne({ _id: notification._id, 'email.status': 'pending' }, { $set: { 'email.status': 'skipped' } });
    return;
  }
  if (!(await claimEmail(deps.models, notification))) throw new EmailInProgressError(notification._id.toHexString());
  // The claim outlives a successful send, so only an attempt that died or failed mid-send leaves this unfinished.
  const current = await notifications.findById(notification._id, { email: 1 }).lean<Pick<Notification, 'email'>>();
  if (current?.email.status === 'committing') return recordCommitted(deps, notification, current.email.committedAt);
  if (current?.email.status !== 'pending') return;
  const commit = async (): Promise<void> => {
    const marked = await notifications.updateOne({ _id: notification._id, 'email.status': 'pending' }, { $set: { 'email.status': 'committing', 'email.committedAt': new Date() } });
    if (marked.modifiedCount !== 1) throw new Error(`the email of notification ${notification._id.toHexString()} is no longer pending`);
  };
  try {
    await deps.mailer.send({ to: contact.email, messageId: `<${notification._id.toHexString()}@notifications.shopwire>`, ...renderEmail(notification, contact.name) }, commit);
  } catch (error) {
    // The server may have it: the claim stays, and the retry that finds it expired records the email as sent.
    if (error instanceof MailOutcomeUnknownError) throw error;
    // Not taken (a refusal can come after the commit): pending again, and released at once for the retry.
    await notifications.updateOne({ _id: notification._id, 'email.status': 'committing' }, { $set: { 'email.status': 'pending' }, $unset: { 'email.committedAt': '' } });
    await emailClaims.deleteOne({ _id: notification._id }).catch(() => undefined);
    throw error;
  }
  await notifications.updateOne({ _id: notification._id }, { $set: { 'email.status': 'sent', 'email.sentAt': new Date(), 'email.confirmed': true } });
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
