import type { EventEnvelope } from '@shopwire/contracts';
import type { EventHandlerContext, EventHandlers } from '@shopwire/messaging';
import { orderContent, type OrderNotificationType } from '../notifications/content';
import { notifyUser, type NotifyDeps } from '../notifications/notify-user';

/** Tries that wait for the customer's contact copy; a later one records the email as skipped rather than dead-letter. */
const CONTACT_WAITING_ATTEMPTS = 2;

/** An order changed state: its customer hears about it, with the order's number, status, total or reason. */
export function notifyCustomerOnOrderUpdate(deps: NotifyDeps): EventHandlers {
  const notify = async (event: EventEnvelope<OrderNotificationType>, ctx: EventHandlerContext): Promise<void> => {
    const input = { eventId: event.id, userId: event.data.userId, content: orderContent(event.type, event.data), awaitContact: ctx.attempt <= CONTACT_WAITING_ATTEMPTS };
    await notifyUser({ ...deps, log: ctx.log }, input);
  };
  return {
    'order.confirmed': notify,
    'order.rejected': notify,
    'order.cancelled': notify,
    'order.shipped': notify,
    'order.delivered': notify,
  };
}
