import { defineConsumer } from '@shopwire/messaging';
import type { NotificationServiceDeps } from '../deps';
import { saveContact } from '../notifications/contacts';
import { welcomeContent } from '../notifications/content';
import { notifyUser } from '../notifications/notify-user';

/** A new user: keep their contact data and welcome them. */
export const welcomeUserOnUserRegistered = defineConsumer(
  'user.registered',
  (deps: NotificationServiceDeps) => async (event, ctx) => {
    const { userId, email, name } = event.data;
    await saveContact(deps, { userId, email, name, asOf: new Date(event.occurredAt) });
    await notifyUser({ ...deps, log: ctx.log }, { eventId: event.id, userId, content: welcomeContent(name) });
  },
);
