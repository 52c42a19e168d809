import { SingleLineText, SUBSCRIPTIONS } from '@shopwire/contracts';
import { Int32, Int64, NextCursor, OptionalDefaults, Timestamp } from '@shopwire/service-kit';
import { Type } from '@sinclair/typebox';

export const adminBearer = [{ bearerAuth: [] }];
const MAX_PAGE = 100;

const EventTypes = Type.Array(Type.Unsafe<string>({ type: 'string', enum: [...SUBSCRIPTIONS.webhook] }), {
  minItems: 1,
  maxItems: SUBSCRIPTIONS.webhook.length,
  description: 'the event types this endpoint receives',
});
const Url = Type.String({
  minLength: 8,
  maxLength: 2000,
  pattern: '^https?://',
  description: 'https URL of a public host (http only for hosts in WEBHOOK_ALLOWED_HOSTS)',
});
const Description = SingleLineText({ maxLength: 500 });

export const EndpointInputSchema = Type.Object(
  {
    url: Url,
    eventTypes: EventTypes,
    description: Type.Optional(Description),
    enabled: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);

export const EndpointChangeSchema = Type.Object(
  {
    url: Type.Optional(Url),
    eventTypes: Type.Optional(EventTypes),
    description: Type.Optional(Description),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const EndpointSchema = Type.Object(
  {
    id: Type.String({ maxLength: 64 }),
    url: Type.String({ maxLength: 2000 }),
    eventTypes: Type.Array(Type.String({ maxLength: 40 }), { maxItems: SUBSCRIPTIONS.webhook.length }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    enabled: Type.Boolean(),
    disabledReason: Type.Optional(
      Type.Unsafe<string>({
        type: 'string',
        enum: ['gone', 'failing'],
        description: '`gone` (it answered 410) or `failing` (no success for too long)',
      }),
    ),
    failingSince: Type.Optional(Timestamp()),
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
  },
  { additionalProperties: false },
);

export const CreatedEndpointSchema = Type.Object(
  {
    ...EndpointSchema.properties,
    secret: Type.String({ maxLength: 100, description: 'the signing secret (whsec_...): shown only here' }),
  },
  { additionalProperties: false },
);

export const SecretSchema = Type.Object(
  {
    secret: Type.String({ maxLength: 100, description: 'the new signing secret (whsec_...): shown only here' }),
    previousSecretExpiresAt: Timestamp({ description: 'until then the previous secret signs too' }),
  },
  { additionalProperties: false },
);

export const PingSchema = Type.Object(
  {
    ok: Type.Boolean(),
    status: Type.Optional(Int32(100, 599)),
    latencyMs: Int64(0),
    error: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

const AttemptSchema = Type.Object(
  {
    at: Timestamp(),
    status: Type.Optional(Int32(100, 599)),
    latencyMs: Int64(0),
    error: Type.Optional(Type.String({ maxLength: 500 })),
    body: Type.Optional(Type.String({ maxLength: 1024 })),
  },
  { additionalProperties: false },
);

export const DeliverySchema = Type.Object(
  {
    id: Type.String({ maxLength: 120 }),
    endpointId: Type.String({ maxLength: 64 }),
    eventId: Type.String({ maxLength: 64 }),
    eventType: Type.String({ maxLength: 40 }),
    state: Type.Unsafe<string>({ type: 'string', enum: ['pending', 'delivered', 'failed', 'cancelled'] }),
    attemptCount: Int32(0, 1000000),
    lastStatus: Type.Optional(Int32(100, 599)),
    lastLatencyMs: Type.Optional(Int64(0)),
    lastError: Type.Optional(Type.String({ maxLength: 500 })),
    nextAttemptAt: Type.Optional(Timestamp()),
    createdAt: Timestamp(),
    attempts: Type.Array(AttemptSchema, { maxItems: 1000 }),
  },
  { additionalProperties: false },
);

export const PageQuerySchema = OptionalDefaults(
  Type.Object(
    {
      limit: Int32(1, MAX_PAGE, { default: 20 }),
      cursor: Type.Optional(
        Type.String({ maxLength: 12, pattern: '^[0-9]{1,12}$', description: 'nextCursor of the previous page' }),
      ),
    },
    { additionalProperties: false },
  ),
);

export const EndpointPageSchema = Type.Object(
  { items: Type.Array(EndpointSchema, { maxItems: MAX_PAGE }), nextCursor: NextCursor(12) },
  { additionalProperties: false },
);
export const DeliveryPageSchema = Type.Object(
  { items: Type.Array(DeliverySchema, { maxItems: MAX_PAGE }), nextCursor: NextCursor(12) },
  { additionalProperties: false },
);

export const IdParamsSchema = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
);
export const DeliveryIdParamsSchema = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 120, pattern: '^[A-Za-z0-9_.-]+$' }) },
  { additionalProperties: false },
);
