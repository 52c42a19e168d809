import type { EventHandlers } from '@shopwire/messaging';
import type { StoreDeps } from '../models';
import { eraseUser } from '../notifications/contacts';

/** A deleted user: their contact data, preferences and notifications go. */
export function eraseUserOnUserDeleted(deps: StoreDeps): EventHandlers {
  return {
    'user.deleted': async (event) => {
      await eraseUser(deps, event.data.userId, new Date(event.occurredAt));
    },
  };
}
