import type { EventHandlers } from '@shopwire/messaging';
import { saveContact } from '../notifications/contacts';
import { welcomeContent } from '../notifications/content';
import { notifyUser, type NotifyDeps } from '../notifications/notify-user';

/** A new user: keep their contact data and welcome them. */
export function welcomeUserOnUserRegistered(deps: NotifyDeps): EventHandlers {
  return {
    'user.registered': async (event, ctx) => {
      const { userId, email, name } = event.data;
      await saveContact(deps, { userId, email, name, asOf: new Date(event.occurredAt) });
      await notifyUser({ ...deps, log: ctx.log }, { eventId: event.id, userId, content: welcomeContent(name) });
    },
  };
}
