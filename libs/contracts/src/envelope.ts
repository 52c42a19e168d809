import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { CURRENT_VERSIONS, EVENT_CATALOG } from './event-data.schemas';

export const EVENTS_EXCHANGE = 'shopwire.events';

export type EventType = keyof typeof EVENT_CATALOG;
export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[];

type Versions<T extends EventType> = (typeof EVENT_CATALOG)[T];
/** The versions of a type the contracts know. */
export type EventVersion<T extends EventType> = keyof Versions<T> & number;
/** The version a type's producer writes today. */
export type CurrentVersion<T extends EventType> = (typeof CURRENT_VERSIONS)[T];

/** The data of version V of a type: for a consumer written for V, what every version from V on carries at least. */
export type EventDataOf<T extends EventType, V extends number> = T extends EventType
  ? Static<Extract<Versions<T>[V & keyof Versions<T>], TSchema>>
  : never;
/** The data a producer writes today (the current version). */
export type EventData<T extends EventType> = T extends EventType ? EventDataOf<T, CurrentVersion<T>> : never;
/** The data of any version of a type: what a received event may carry. */
export type AnyEventData<T extends EventType> = T extends EventType ? EventDataOf<T, EventVersion<T>> : never;

/** An event as it travels: its data is of whichever version its producer wrote (see `version`). */
export interface EventEnvelope<T extends EventType = EventType> {
  id: string;
  type: T;
  version: number;
  occurredAt: string;
  source: string;
  correlationId: string;
  causationId: string | null;
  data: AnyEventData<T>;
}

/** An event of version N or later: it carries at least version N's fields (later versions only add fields). */
export type EventFromVersion<T extends EventType, N extends number> = Omit<EventEnvelope<T>, 'data'> & {
  data: EventDataOf<T, N>;
};

/** Whether an event is of version N or later, so it carries version N's fields. */
export function isFromVersion<T extends EventType, N extends EventVersion<T>>(
  event: EventEnvelope<T>,
  version: N,
): event is EventEnvelope<T> & EventFromVersion<T, N> {
  return event.version >= version;
}

/** Who emits an event and in answer to what: passed to createEvent. */
export interface EventMeta {
  source: string;
  correlationId: string;
  causationId?: string | null;
}

/** What caused a change and so the events it emits: the HTTP request (its id is the correlation id) or the event handled. */
export type EventCause = Omit<EventMeta, 'source'>;

/** The envelope fields without `data`; the data schema is chosen by type and version. */
export const EnvelopeHeaderSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    type: Type.Union(EVENT_TYPES.map((type) => Type.Literal(type))),
    version: Type.Integer({ minimum: 1 }),
    occurredAt: Type.String({ format: 'date-time' }),
    source: Type.String({ minLength: 1, maxLength: 100 }),
    correlationId: Type.String({ minLength: 1, maxLength: 128 }),
    causationId: Type.Union([Type.String({ minLength: 1, maxLength: 128 }), Type.Null()]),
    data: Type.Unknown(),
  },
  { additionalProperties: false },
);
