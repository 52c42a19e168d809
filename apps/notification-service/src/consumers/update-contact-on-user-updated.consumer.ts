import { defineConsumer } from '@shopwire/messaging';
import type { StoreDeps } from '../deps';
import { saveContact } from '../notifications/contacts';

/** A changed profile: later emails go to the new address and greet the new name. */
export const updateContactOnUserUpdated = defineConsumer('user.updated', (deps: StoreDeps) => async (event, ctx) => {
  const { userId, email, name } = event.data;
  const outcome = await saveContact(deps, { userId, email, name, asOf: new Date(event.occurredAt) });
  if (outcome === 'ignored') ctx.log.info({ userId }, 'contact update ignored: user deleted or a newer copy is kept');
});
