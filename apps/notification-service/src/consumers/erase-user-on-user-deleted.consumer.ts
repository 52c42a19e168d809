import type { EventHandlers } from '@shopwire/messaging';
import type { StoreDeps } from '../models';
import { FORGOTTEN, recordAdmin } from '../notifications/admins';
import { eraseUser } from '../notifications/contacts';

/** A deleted user: their contact data, preferences and notifications go, and they are no admin any more. */
export function eraseUserOnUserDeleted(deps: StoreDeps): EventHandlers {
  return {
    'user.deleted': async (event) => {
      await eraseUser(deps, event.data.userId, new Date(event.occurredAt));
      await recordAdmin(deps, event.data.userId, false, FORGOTTEN);
    },
  };
}
