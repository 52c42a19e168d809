import { createEvent, type EventData, type EventEnvelope } from '@shopwire/contracts';

type UserEventType = 'user.registered' | 'user.updated' | 'user.deleted' | 'user.addresses.changed' | 'user.roles.changed';

/** Who asked: the request id travels into every event the request causes. */
export interface RequestMeta {
  correlationId: string;
}

/** An event for the user's outbox: it is stored by the same single-document write as the change it reports. */
export function userEvent<T extends UserEventType>(type: T, data: EventData<T>, meta: RequestMeta): EventEnvelope<T> {
  return createEvent(type, data, { source: 'user-service', correlationId: meta.correlationId, causationId: null });
}
