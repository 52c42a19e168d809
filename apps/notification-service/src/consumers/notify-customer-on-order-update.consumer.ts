import { defineConsumer } from '@shopwire/messaging';
import type { NotificationServiceDeps } from '../deps';
import { orderContent, type OrderNotificationType } from '../notifications/content';
import { notifyUser } from '../notifications/notify-user';

/** Tries that wait for the customer's contact copy; a later one records the email as skipped rather than dead-letter. */
const CONTACT_WAITING_ATTEMPTS = 2;

const ORDER_UPDATES: readonly OrderNotificationType[] = [
  'order.confirmed',
  'order.rejected',
  'order.cancelled',
  'order.shipped',
  'order.delivered',
];

/**
 * An order changed state: its customer hears about it, with the order's number, status, total or reason. The
 * notification's insert, keyed by the event and user, is the idempotency record (self-guarded, no inbox record).
 */
export const notifyCustomerOnOrderUpdate = defineConsumer(
  ORDER_UPDATES,
  (deps: NotificationServiceDeps) => async (event, ctx) => {
    const input = {
      eventId: event.id,
      userId: event.data.userId,
      content: orderContent(event.type, event.data),
      awaitContact: ctx.attempt <= CONTACT_WAITING_ATTEMPTS,
    };
    await notifyUser({ ...deps, log: ctx.log }, input);
  },
  { selfGuarded: true },
);
