import type { EventType } from '@shopwire/contracts';
import type { EventHandler, EventHandlers } from '@shopwire/messaging';
import { indexBuilder } from '../models';
import type { NotifyDeps } from '../notifications/notify-user';
import { eraseUserOnUserDeleted } from './erase-user-on-user-deleted.consumer';
import { notifyCustomerOnOrderUpdate } from './notify-customer-on-order-update.consumer';
import { updateContactOnUserUpdated } from './update-contact-on-user-updated.consumer';
import { welcomeUserOnUserRegistered } from './welcome-user-on-user-registered.consumer';

/** Every event reaction of the service, each run only once the store's indexes exist. */
export function notificationConsumers(deps: NotifyDeps): EventHandlers {
  const indexesBuilt = indexBuilder(deps.models);
  const handlers: EventHandlers = {
    ...welcomeUserOnUserRegistered(deps),
    ...updateContactOnUserUpdated(deps),
    ...eraseUserOnUserDeleted(deps),
    ...notifyCustomerOnOrderUpdate(deps),
  };
  return Object.fromEntries(
    Object.entries(handlers).map(([type, handler]) => {
      const afterIndexes: EventHandler<EventType> = async (event, ctx) => {
        await indexesBuilt();
        await (handler as EventHandler<EventType>)(event, ctx);
      };
      return [type, afterIndexes];
    }),
  ) as EventHandlers;
}
