import type { EventHandlers } from '@shopwire/messaging';
import type { StoreDeps } from '../models';
import { saveContact } from '../notifications/contacts';

/** A changed profile: later emails go to the new address and greet the new name. */
export function updateContactOnUserUpdated(deps: StoreDeps): EventHandlers {
  return {
    'user.updated': async (event, ctx) => {
      const { userId, email, name } = event.data;
      const outcome = await saveContact(deps, { userId, email, name, asOf: new Date(event.occurredAt) });
      if (outcome === 'ignored') ctx.log.info({ userId }, 'contact update ignored: user deleted or a newer copy is kept');
    },
  };
}
