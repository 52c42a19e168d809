import type { EventType } from '@shopwire/contracts';
import { consumersFor, type EventHandler, type EventHandlers } from '@shopwire/messaging';
import { untilDone } from '@shopwire/service-kit';
import type { NotificationServiceDeps } from '../deps';
import type { Models } from '../models';
import { eraseUserOnUserDeleted } from './erase-user-on-user-deleted.consumer';
import { notifyAdminsOnSalesReport } from './notify-admins-on-sales-report.consumer';
import { notifyAdminsOnWebhookEndpointDisabled } from './notify-admins-on-webhook-endpoint-disabled.consumer';
import { notifyCustomerOnOrderUpdate } from './notify-customer-on-order-update.consumer';
import { trackAdminsOnUserRolesChanged } from './track-admins-on-user-roles-changed.consumer';
import { updateContactOnUserUpdated } from './update-contact-on-user-updated.consumer';
import { welcomeUserOnUserRegistered } from './welcome-user-on-user-registered.consumer';

/** Every event reaction of the service, each run only once the store's indexes exist. */
export function notificationConsumers(deps: NotificationServiceDeps): EventHandlers {
  // Built once (again after a failure): on a fresh database events can arrive before mongoose's own background
  // build, and the unique (userId, seq) index is what keeps a number taken twice by racing replicas from being stored twice.
  const indexesBuilt = untilDone(() =>
    Promise.all(Object.values(deps.models).map((model: Models[keyof Models]) => model.createIndexes())),
  );
  const afterIndexes =
    (handler: EventHandler<EventType>): EventHandler<EventType> =>
    async (event, ctx) => {
      await indexesBuilt();
      await handler(event, ctx);
    };
  return consumersFor(
    deps,
    [
      welcomeUserOnUserRegistered,
      updateContactOnUserUpdated,
      eraseUserOnUserDeleted,
      notifyCustomerOnOrderUpdate,
      trackAdminsOnUserRolesChanged,
      notifyAdminsOnSalesReport,
      notifyAdminsOnWebhookEndpointDisabled,
    ],
    { wrap: afterIndexes },
  );
}
