import type { EventType } from '@shopwire/contracts';
import { selfGuarded, type EventHandler, type EventHandlers } from '@shopwire/messaging';
import { indexBuilder } from '../models';
import type { NotifyDeps } from '../notifications/notify-user';
import { eraseUserOnUserDeleted } from './erase-user-on-user-deleted.consumer';
import { notifyAdminsOnSalesReport } from './notify-admins-on-sales-report.consumer';
import { notifyAdminsOnWebhookEndpointDisabled } from './notify-admins-on-webhook-endpoint-disabled.consumer';
import { notifyCustomerOnOrderUpdate } from './notify-customer-on-order-update.consumer';
import { trackAdminsOnUserRolesChanged } from './track-admins-on-user-roles-changed.consumer';
import { updateContactOnUserUpdated } from './update-contact-on-user-updated.consumer';
import { welcomeUserOnUserRegistered } from './welcome-user-on-user-registered.consumer';

type Mark = (handler: EventHandler<EventType>) => EventHandler<EventType>;

/** Every event reaction of the service, each run only once the store's indexes exist. */
export function notificationConsumers(deps: NotifyDeps): EventHandlers {
  const indexesBuilt = indexBuilder(deps.models);
  const afterIndexes = (handlers: EventHandlers, mark: Mark = (handler) => handler): EventHandlers =>
    Object.fromEntries(
      Object.entries(handlers).map(([type, handler]) => {
        const run: EventHandler<EventType> = async (event, ctx) => {
          await indexesBuilt();
          await (handler as EventHandler<EventType>)(event, ctx);
        };
        return [type, mark(run)];
      }),
    ) as EventHandlers;
  return {
    ...afterIndexes(welcomeUserOnUserRegistered(deps)),
    ...afterIndexes(updateContactOnUserUpdated(deps)),
    ...afterIndexes(eraseUserOnUserDeleted(deps)),
    // The notification's insert, keyed by the event and user, is their idempotency record: no separate inbox record.
    ...afterIndexes(notifyCustomerOnOrderUpdate(deps), selfGuarded),
    // Guarded by the access version it records.
    ...afterIndexes(trackAdminsOnUserRolesChanged(deps), selfGuarded),
    // One notification per admin, keyed by the event and admin, as for the order events.
    ...afterIndexes(notifyAdminsOnSalesReport(deps), selfGuarded),
    ...afterIndexes(notifyAdminsOnWebhookEndpointDisabled(deps), selfGuarded),
  };
}
