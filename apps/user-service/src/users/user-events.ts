import { createEvent, type EventData, type EventEnvelope } from '@shopwire/contracts';
import type { RequestMeta } from '../identity';

type UserEventType = 'user.registered' | 'user.updated' | 'user.deleted' | 'user.addresses.changed' | 'user.roles.changed';

/** An event for the user's outbox: it is stored by the same single-document write as the change it reports. */
export function userEvent<T extends UserEventType>(type: T, data: EventData<T>, meta: RequestMeta): EventEnvelope<T> {
  return createEvent(type, data, { source: 'user-service', correlationId: meta.correlationId, causationId: null });
}
