import type { EventHandlers } from '@shopwire/messaging';
import type { StoreDeps } from '../models';
import { recordAdmin } from '../notifications/admins';

/** Roles changed: whether the user is an admin, for the daily sales report (self-guarded by the access version). */
export function trackAdminsOnUserRolesChanged(deps: StoreDeps): EventHandlers {
  return {
    'user.roles.changed': async (event) => {
      await recordAdmin(deps, event.data.userId, event.data.roles.includes('admin'), event.data.accessVersion);
    },
  };
}
