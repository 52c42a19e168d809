export {
  EVENT_CATALOG,
  CURRENT_VERSIONS,
  MAX_SAVED_ADDRESSES,
  MoneySchema,
  PostalAddressSchema,
} from './event-data.schemas';
export type { Money, PostalAddress } from './event-data.schemas';
export { EVENTS_EXCHANGE, EVENT_TYPES, EnvelopeHeaderSchema, isFromVersion } from './envelope';
export type {
  EventType,
  EventData,
  EventDataOf,
  AnyEventData,
  EventVersion,
  CurrentVersion,
  EventEnvelope,
  EventFromVersion,
  EventMeta,
  EventCause,
} from './envelope';
export { createEvent, createEventOfVersion, parseEvent, decodeEvent, InvalidEventError } from './validate-event';
export type { ParseResult } from './validate-event';
export {
  SERVICES,
  PUBLISHERS,
  SUBSCRIPTIONS,
  NOTIFIED_EVENTS,
  STREAMS,
  isServiceName,
  publishedBy,
  subscribersOf,
  streamsOf,
} from './subscriptions';
export type { ServiceName, StreamName } from './subscriptions';
export { SingleLineText, MultiLineText, WebUrl } from './text.schemas';
