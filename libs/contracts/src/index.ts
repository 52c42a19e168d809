export { EVENT_CATALOG, CURRENT_VERSION, MAX_SAVED_ADDRESSES, MoneySchema, PostalAddressSchema } from './event-data.schemas';
export { EVENTS_EXCHANGE, EVENT_TYPES, EnvelopeHeaderSchema } from './envelope';
export type { EventType, EventData, EventEnvelope, EventMeta } from './envelope';
export { createEvent, parseEvent, decodeEvent, InvalidEventError } from './validate-event';
export type { ParseResult } from './validate-event';
export { SERVICES, PUBLISHERS, SUBSCRIPTIONS, STREAMS, isServiceName, publishedBy, subscribersOf, streamsOf } from './subscriptions';
export type { ServiceName, StreamName } from './subscriptions';
export { SingleLineText, MultiLineText, WebUrl } from './text.schemas';
