import type { ReceivedMail } from '@shopwire/testing';
import type { FaultOutcome } from '../faults';
import type { Snapshot } from '../snapshot';
import { tally, type CheckResult } from './check-result';

/** notification-service sends each notification's email as <notification id@notifications.shopwire>. */
const MESSAGE_ID = /^<([0-9a-f]{24})@notifications\.shopwire>$/;

/** Evidence for a mail received twice: the fault under way when its first copy arrived, and those between the copies. */
function between(copies: number[], faults: FaultOutcome[]): string {
  const [first = 0, last = 0] = [Math.min(...copies), Math.max(...copies)];
  const during = faults.filter((f) => f.mailsBefore <= first && first < f.mailsAfter).map((f) => f.fault);
  const later = faults.filter((f) => first < f.mailsBefore && f.mailsBefore <= last).map((f) => f.fault);
  return ` (first copy received during: ${during.join(', ') || 'no fault'}; faults between the copies: ${later.join(', ') || 'none'})`;
}

/** What a notification is about, in the words of the expected set. */
const thingOf = (n: Snapshot['notifications'][number]): string =>
  n.type === 'welcome' ? `welcome of user ${n.userId}` : `${n.type} of order ${n.order?.orderId}`;

/**
 * Exactly one email per (event, user): no notification mailed twice, and one mail for each thing that happened —
 * a welcome per stored user, one per status an order moved to (its history) — to that user's address.
 */
export function checkEmails(snapshot: Snapshot, mails: readonly ReceivedMail[], faults: FaultOutcome[]): CheckResult {
  const violations: string[] = [];
  const emailOf = new Map(snapshot.users.map((u) => [u._id.toHexString(), u.email.toLowerCase()]));
  const expected = new Set<string>();
  for (const user of snapshot.users) expected.add(`welcome of user ${user._id.toHexString()}`);
  for (const order of snapshot.orders) {
    for (const change of order.history.filter((h) => h.status !== 'pending'))
      expected.add(`order.${change.status} of order ${order._id.toHexString()}`);
  }
  const notifications = new Map(snapshot.notifications.map((n) => [n._id.toHexString(), n]));
  const mailsPerThing = new Map<string, number>();
  const mailsPerEvent = new Map<string, number[]>();
  for (const [index, mail] of mails.entries()) {
    const notification = notifications.get(MESSAGE_ID.exec(mail.messageId ?? '')?.[1] ?? '');
    if (!notification) {
      violations.push(`a mail to ${mail.to.join(', ')} (${mail.subject}, ${mail.messageId}) matches no notification`);
      continue;
    }
    const thing = thingOf(notification);
    mailsPerThing.set(thing, (mailsPerThing.get(thing) ?? 0) + 1);
    const event = `event ${notification.eventId} for user ${notification.userId}`;
    mailsPerEvent.set(event, [...(mailsPerEvent.get(event) ?? []), index]);
    const address = emailOf.get(notification.userId);
    if (!address || !mail.to.includes(address))
      violations.push(`the mail of ${thing} went to ${mail.to.join(', ')}, not to ${address ?? 'a known user'}`);
  }
  for (const [event, copies] of mailsPerEvent)
    if (copies.length > 1) violations.push(`${copies.length} mails for ${event}${between(copies, faults)}`);
  for (const [thing, n] of mailsPerThing) {
    if (!expected.has(thing)) violations.push(`${n} mails for ${thing}, which did not happen`);
    else if (n > 1) violations.push(`${n} mails for ${thing}`);
  }
  const stateOf = new Map<string, string>();
  for (const n of snapshot.notifications) {
    stateOf.set(
      thingOf(n),
      `notification ${n._id.toHexString()}, email ${n.email.status}${n.email.confirmed === false ? ' (unconfirmed)' : ''}`,
    );
  }
  for (const thing of expected)
    if (!mailsPerThing.has(thing))
      violations.push(`no mail for ${thing} (${stateOf.get(thing) ?? 'no notification stored'})`);
  const duplicates = [...mailsPerEvent.values()].filter((copies) => copies.length > 1).length;
  // Recorded as sent by a later attempt because the sender died after the commit (see notification-service's smtp-mailer).
  const unconfirmed = snapshot.notifications.filter(
    (n) => n.email.status === 'sent' && n.email.confirmed === false,
  ).length;
  const figures =
    `${mails.length} mails for ${expected.size} (event, user) pairs (${tally([...expected].map((k) => k.split(' ')[0] ?? k))}); ` +
    `${duplicates} sent twice, ${[...expected].filter((k) => !mailsPerThing.has(k)).length} missing, ${unconfirmed} recorded unconfirmed after a crash`;
  return { check: 'one email per (event, user)', figures, violations };
}
