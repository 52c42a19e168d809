import { cursorCodec, notFound, objectIdOr } from '@shopwire/service-kit';
import type { StoreDeps } from '../deps';
import type { Models } from '../models';
import type { Notification } from '../models/notification.model';
import { toInboxItem, type InboxItem } from './inbox-item';

export interface ListQuery {
  /** true: unread only; false: read only; absent: all. */
  unread?: boolean;
  limit: number;
  cursor?: string;
}

export interface Page {
  items: InboxItem[];
  nextCursor: string | null;
}

// A page ends at a notification's sequence number.
const cursor = cursorCodec<number>({
  write: (seq) => seq,
  read: (seq) => (Number.isSafeInteger(seq) && (seq as number) >= 0 ? (seq as number) : undefined),
});

/** The user's own in-app notifications, newest first, a page at a time. */
export async function listNotifications(models: Models, userId: string, query: ListQuery): Promise<Page> {
  const filter: Record<string, unknown> = { userId, inApp: true };
  if (query.unread === true) filter.readAt = null;
  if (query.unread === false) filter.readAt = { $ne: null };
  if (query.cursor !== undefined) filter.seq = { $lt: cursor.decode(query.cursor) };
  const docs = await models.notifications
    .find(filter)
    .sort({ seq: -1 })
    .limit(query.limit + 1)
    .lean<Notification[]>();
  const { items, nextCursor } = cursor.page(docs, query.limit, (notification) => notification.seq);
  return { items: items.map(toInboxItem), nextCursor };
}

/** Marks one of the user's notifications read (again: a no-op); anyone else's, or no such id, is a 404. */
export async function markRead({ store, models }: StoreDeps, userId: string, id: string): Promise<InboxItem> {
  const missing = notFound('NOTIFICATION_NOT_FOUND', 'No such notification.');
  const _id = objectIdOr(id, () => missing);
  const mine = { userId, inApp: true };
  const updated =
    (await store.update(models.notifications, _id, { ...mine, readAt: null }, { $set: { readAt: new Date() } })) ??
    (await store.get(models.notifications, _id));
  if (!updated || updated.userId !== userId || !updated.inApp) throw missing;
  return toInboxItem(updated);
}

/** Notifications after `afterSeq`, oldest first: what a reconnecting stream missed. */
export async function notificationsSince(
  models: Models,
  userId: string,
  afterSeq: number,
  limit: number,
): Promise<InboxItem[]> {
  const docs = await models.notifications
    .find({ userId, inApp: true, seq: { $gt: afterSeq } })
    .sort({ seq: 1 })
    .limit(limit)
    .lean<Notification[]>();
  return docs.map(toInboxItem);
}

/** The number of the user's newest notification (0 for none). */
export async function latestSeq(models: Models, userId: string): Promise<number> {
  const newest = await models.notifications
    .findOne({ userId }, { seq: 1 })
    .sort({ seq: -1 })
    .lean<Pick<Notification, 'seq'>>();
  return newest?.seq ?? 0;
}
