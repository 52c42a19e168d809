import { defineConsumer } from '@shopwire/messaging';
import type { StoreDeps } from '../deps';
import { recordAdmin } from '../notifications/admins';

/** Roles changed: whether the user is an admin, for the daily sales report (self-guarded by the access version it records). */
export const trackAdminsOnUserRolesChanged = defineConsumer(
  'user.roles.changed',
  (deps: StoreDeps) => async (event) => {
    await recordAdmin(deps, event.data.userId, event.data.roles.includes('admin'), event.data.accessVersion);
  },
  { selfGuarded: true },
);
