import { Type, type Static } from '@sinclair/typebox';
import { EVENT_CATALOG } from './event-data.schemas';

export const EVENTS_EXCHANGE = 'shopwire.events';

export type EventType = keyof typeof EVENT_CATALOG;
export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[];

type CurrentSchema<T extends EventType> = (typeof EVENT_CATALOG)[T][1];
export type EventData<T extends EventType> = Static<CurrentSchema<T>>;

export interface EventEnvelope<T extends EventType = EventType> {
  id: string;
  type: T;
  version: number;
  occurredAt: string;
  source: string;
  correlationId: string;
  causationId: string | null;
  data: EventData<T>;
}

/** Who emits an event and in answer to what: passed to createEvent. */
export interface EventMeta {
  source: string;
  correlationId: string;
  causationId?: string | null;
}

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
