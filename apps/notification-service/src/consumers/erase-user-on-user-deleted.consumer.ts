import { defineConsumer } from '@shopwire/messaging';
import type { StoreDeps } from '../deps';
import { FORGOTTEN, recordAdmin } from '../notifications/admins';
import { eraseUser } from '../notifications/contacts';

/** A deleted user: their contact data, preferences and notifications go, and they are no admin any more. */
export const eraseUserOnUserDeleted = defineConsumer('user.deleted', (deps: StoreDeps) => async (event) => {
  await eraseUser(deps, event.data.userId, new Date(event.occurredAt));
  await recordAdmin(deps, event.data.userId, false, FORGOTTEN);
});
