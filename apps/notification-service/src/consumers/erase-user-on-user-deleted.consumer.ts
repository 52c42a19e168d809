import type { EventHandlers } from '@shopwire/messaging';
import type { Models } from '../models';
import { eraseUser } from '../notifications/contacts';

/** A deleted user: their contact data, preferences and notifications go. */
export function eraseUserOnUserDeleted(models: Models): EventHandlers {
  return {
    'user.deleted': async (event) => {
      await eraseUser(models, event.data.userId, new Date(event.occurredAt));
    },
  };
}
