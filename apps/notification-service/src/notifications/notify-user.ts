import type { FastifyBaseLogger } from 'fastify';
import type { StoreDeps } from '../deps';
import { DEFAULT_PREFERENCES, type Contact } from '../models/contact.model';
import { notificationId, type Notification } from '../models/notification.model';
import { isDuplicateKey } from '@shopwire/service-kit';
import { MailOutcomeUnknownError, type Mailer } from '../adapters/mail/mail';
import type { LiveFeed } from '../adapters/live-feed';
import type { NotificationContent } from './content';
import { renderEmail } from './email-template';
import { toInboxItem } from './inbox-item';

export interface NotifyDeps extends StoreDeps {
  mailer: Mailer;
  liveFeed: Pick<LiveFeed, 'publish'>;
  log: FastifyBaseLogger;
}

export interface NotifyInput {
  eventId: string;
  userId: string;
  content: NotificationContent;
  /**
   * When the user's contact copy is not here yet (their user.registered is still on its way, e.g. redelivered after a
   * crash), fail so the event is retried later instead of recording the email as skipped. False on the last tries.
   */
  awaitContact?: boolean;
}

/** The user's contact copy has not arrived yet: retried through the tiers, so it is not taken for "no address". */
export class ContactNotYetKnownError extends Error {
  constructor(userId: string) {
    super(`no contact copy of user ${userId} yet; retrying until their user.registered has been handled`);
    this.name = 'ContactNotYetKnownError';
  }
}

// Longer than an attempt may take to reach the mail's commit (the SMTP mailer gives up at 20 s), so a claim this
// old belongs to an attempt that died or gave up; shorter than the default retry tiers (about 57 s at the least),
// so the event's last retry finds it expired.
const EMAIL_CLAIM_MS = 30_000;
// The store hands out each number once per process (serialised on FerretDB, an atomic $inc on MongoDB); only two
// replicas incrementing one user's counter at once on FerretDB can both take one number, and the unique
// (userId, seq) index then refuses the second insert, which takes a fresh number. A few rounds cover that race;
// past them the event goes back to the retry tiers, so nothing is lost either way.
const NUMBERING_ATTEMPTS = 4;

const claimUntil = (): Date => new Date(Date.now() + EMAIL_CLAIM_MS);

async function nextSeq({ store, models }: StoreDeps, userId: string): Promise<number> {
  const bump = () => store.update(models.sequences, userId, undefined, { $inc: { seq: 1 } }, { upsert: true });
  // Two replicas creating one user's counter at once: the loser's upsert collides, and the counter now exists.
  const sequence = await bump().catch((error: unknown) => {
    if (isDuplicateKey(error)) return bump();
    throw error;
  });
  if (!sequence) throw new Error('the inbox sequence was not returned');
  return sequence.seq;
}

interface Recorded {
  notification: Notification;
  /** True when this attempt stored it, and with it the claim on its email. */
  claimed: boolean;
}

/**
 * Stores the notification once per (event, user); a re-run finds the one stored before by its `_id`. With both
 * channels off it is stored all the same, silent (neither listed nor mailed): it is the event's idempotency record.
 */
async function recordOnce(deps: NotifyDeps, input: NotifyInput, contact: Contact | null): Promise<Recorded> {
  const { store, models } = deps;
  const _id = notificationId(input.eventId, input.userId);
  const existing = await store.get(models.notifications, _id);
  if (existing) return { notification: existing, claimed: false };
  const preferences = contact?.preferences ?? DEFAULT_PREFERENCES;
  for (let attempt = 1; attempt <= NUMBERING_ATTEMPTS; attempt++) {
    try {
      const notification = await store.insert(models.notifications, {
        ...input.content,
        _id,
        eventId: input.eventId,
        userId: input.userId,
        seq: await nextSeq(deps, input.userId),
        inApp: preferences.inApp,
        readAt: null,
        createdAt: new Date(),
        // Whoever inserts the notification sends its email: the insert is the first claim, no second write.
        email: preferences.email ? { status: 'pending', claimedUntil: claimUntil() } : { status: 'skipped' },
      });
      if (notification.inApp) deps.liveFeed.publish({ userId: input.userId, item: toInboxItem(notification) });
      return { notification, claimed: preferences.email };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // The same event stored by another attempt, or (another replica) the same number: then a fresh one.
      const stored = await store.get(models.notifications, _id);
      if (stored) return { notification: stored, claimed: false };
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

const UNFINISHED = { 'email.status': { $in: ['pending', 'committing'] } };

/**
 * Takes over the email of a notification an earlier attempt stored: when nobody holds its claim, or the holder's
 * claim expired (it died or gave up). Returns the notification as claimed, or undefined when the email is done.
 */
async function takeOverEmail(
  { store, models }: StoreDeps,
  notification: Notification,
): Promise<Notification | undefined> {
  const now = new Date();
  const free = { ...UNFINISHED, $or: [{ 'email.claimedUntil': null }, { 'email.claimedUntil': { $lte: now } }] };
  const claimed = await store.update(models.notifications, notification._id, free, {
    $set: { 'email.claimedUntil': claimUntil() },
  });
  if (claimed) return claimed;
  const current = await store.get(models.notifications, notification._id, { email: 1 });
  if (!current || current.email.status === 'sent' || current.email.status === 'skipped') return undefined;
  throw new EmailInProgressError(notification._id.toHexString());
}

/** A dead attempt got past the commit: the server has the mail (see smtp-mailer), so it is recorded, never resent. */
async function recordCommitted(deps: NotifyDeps, notification: Notification): Promise<void> {
  deps.log.warn(
    { notificationId: notification._id.toHexString() },
    'an earlier attempt handed the email over without recording the answer; recorded as sent, not sent again',
  );
  await deps.store.update(
    deps.models.notifications,
    notification._id,
    { 'email.status': 'committing' },
    {
      $set: {
        'email.status': 'sent',
        'email.sentAt': notification.email.committedAt ?? new Date(),
        'email.confirmed': false,
      },
    },
  );
}

/**
 * Sends the notification's email unless it was sent or skipped. While another attempt holds the claim this one
 * fails, so the retry tiers come back: that attempt may have died before sending.
 */
async function emailOnce(deps: NotifyDeps, recorded: Recorded, contact: Contact | null): Promise<void> {
  const { store, models } = deps;
  const id = recorded.notification._id;
  if (recorded.notification.email.status === 'sent' || recorded.notification.email.status === 'skipped') return;
  if (!contact?.email) {
    deps.log.warn({ notificationId: id.toHexString() }, 'no email address known for the user; email skipped');
    await store.update(
      models.notifications,
      id,
      { 'email.status': 'pending' },
      { $set: { 'email.status': 'skipped' }, $unset: { 'email.claimedUntil': '' } },
    );
    return;
  }
  // The claim outlives a successful send, so only an attempt that died or failed mid-send leaves this unfinished.
  const notification = recorded.claimed ? recorded.notification : await takeOverEmail(deps, recorded.notification);
  if (!notification) return;
  if (notification.email.status === 'committing') return recordCommitted(deps, notification);
  const commit = async (): Promise<void> => {
    const marked = await store.update(
      models.notifications,
      id,
      { 'email.status': 'pending' },
      { $set: { 'email.status': 'committing', 'email.committedAt': new Date() } },
    );
    if (!marked) throw new Error(`the email of notification ${id.toHexString()} is no longer pending`);
  };
  try {
    await deps.mailer.send(
      {
        to: contact.email,
        messageId: `<${id.toHexString()}@notifications.shopwire>`,
        ...renderEmail(notification, contact.name),
      },
      commit,
    );
  } catch (error) {
    // The server may have it: the claim stays, and the retry that finds it expired records the email as sent.
    if (error instanceof MailOutcomeUnknownError) throw error;
    // Not taken (a refusal can come after the commit): pending again, and the claim released at once for the retry.
    await store.update(models.notifications, id, UNFINISHED, {
      $set: { 'email.status': 'pending' },
      $unset: { 'email.committedAt': '', 'email.claimedUntil': '' },
    });
    throw error;
  }
  await store.update(
    models.notifications,
    id,
    { 'email.status': 'committing' },
    { $set: { 'email.status': 'sent', 'email.sentAt': new Date(), 'email.confirmed': true } },
  );
}

/**
 * One event for one user: at most one in-app notification and one email, each as the user's preferences say.
 * Safe to run again for the same event (the order events keep no other inbox record): an attempt that failed at
 * the email resumes there, and one that finds the email sent changes nothing.
 */
export async function notifyUser(deps: NotifyDeps, input: NotifyInput): Promise<void> {
  const contact = await deps.store.get(deps.models.contacts, input.userId);
  if (contact?.deletedAt) return;
  if (!contact && input.awaitContact) throw new ContactNotYetKnownError(input.userId);
  await emailOnce(deps, await recordOnce(deps, input, contact), contact);
}
