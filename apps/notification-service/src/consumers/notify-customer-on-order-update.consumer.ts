import type { EventEnvelope } from '@shopwire/contracts';
import type { EventHandlerContext, EventHandlers } from '@shopwire/messaging';
import { orderContent, type OrderNotificationType } from '../notifications/content';
import { notifyUser, type NotifyDeps } from '../notifications/notify-user';

/** An order changed state: its customer hears about it, with the order's number, status, total or reason. */
export function notifyCustomerOnOrderUpdate(deps: NotifyDeps): EventHandlers {
  const notify = async (event: EventEnvelope<OrderNotificationType>, ctx: EventHandlerContext): Promise<void> => {
    await notifyUser({ ...deps, log: ctx.log }, { eventId: event.id, userId: event.data.userId, content: orderContent(event.type, event.data) });
  };
  return {
    'order.confirmed': notify,
    'order.rejected': notify,
    'order.cancelled': notify,
    'order.shipped': notify,
    'order.delivered': notify,
  };
}
