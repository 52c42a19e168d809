import { createEvent, type EventCause, type EventData, type EventEnvelope } from '@shopwire/contracts';

type UserEventType =
  'user.registered' | 'user.updated' | 'user.deleted' | 'user.addresses.changed' | 'user.roles.changed';

/**
 * An event for the user's outbox: it is stored by the same single-document write as the change it reports. The
 * cause is the request (its id is the correlation id) or the start-up work that made the change.
 */
export function userEvent<T extends UserEventType>(type: T, data: EventData<T>, cause: EventCause): EventEnvelope<T> {
  return createEvent(type, data, { ...cause, source: 'user-service' });
}
