import { createEvent, type EventCause, type EventData, type EventEnvelope, type EventType } from '@shopwire/contracts';

export const CATALOG_SOURCE = 'catalog-service';

/** An event emitted by the catalog, validated against its contract; written to an outbox by the caller. */
export function catalogEvent<T extends EventType>(type: T, data: EventData<T>, cause: EventCause): EventEnvelope<T> {
  return createEvent(type, data, { ...cause, source: CATALOG_SOURCE });
}
