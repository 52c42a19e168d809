import fp from 'fastify-plugin';
import { EnvelopeHeaderSchema, EVENT_CATALOG, SUBSCRIPTIONS, type EventType } from '@shopwire/contracts';
import { OPENAPI_PATH } from '@shopwire/service-kit';
import { Type, type TSchema } from '@sinclair/typebox';

type JsonSchema = Record<string, unknown>;

const INT32 = 2 ** 31;
const FIXED_LENGTH = /^\^\[[^\]]+\]\{(\d+)\}\$$/;

/**
 * A contract schema with the bounds every documented string and integer carries (OWASP API4, as the routes' own
 * schemas do), where the contract implies them without stating them: a uuid is 36 characters, an instant as
 * `toISOString` writes it at most 32, `^[A-Z]{3}$` three; an integer in JSON stays exact within ±(2^53 - 1).
 */
function bounded(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(bounded);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: JsonSchema = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, bounded(value)]));
  const open = out.enum === undefined && out.const === undefined;
  if (out.type === 'string' && open && out.maxLength === undefined) {
    const fixed = typeof out.pattern === 'string' ? FIXED_LENGTH.exec(out.pattern)?.[1] : undefined;
    const implied = out.format === 'uuid' ? 36 : out.format === 'date-time' ? 32 : fixed ? Number(fixed) : undefined;
    if (implied !== undefined) out.maxLength = implied;
  }
  if (out.type === 'integer' && open) {
    out.minimum ??= -Number.MAX_SAFE_INTEGER;
    out.maximum ??= Number.MAX_SAFE_INTEGER;
    out.format ??= (out.minimum as number) >= -INT32 && (out.maximum as number) < INT32 ? 'int32' : 'int64';
  }
  return out;
}

const json = (schema: TSchema): JsonSchema => bounded(JSON.parse(JSON.stringify(schema))) as JsonSchema;

/** The body of one version of a type: built from the contracts lib's schemas, so a new version shows up by itself. */
function payloadSchema(type: EventType, version: number, data: TSchema): TSchema {
  const { id, occurredAt } = EnvelopeHeaderSchema.properties;
  return Type.Object(
    {
      id: { ...id, description: 'the event id; the same as the webhook-id header, on every retry and duplicate' },
      type: Type.Literal(type),
      version: Type.Literal(version),
      occurredAt,
      data,
    },
    { additionalProperties: false, title: `${type} v${version}` },
  );
}

const header = (name: string, description: string, schema: Record<string, unknown>) => ({
  name,
  in: 'header',
  required: true,
  description,
  schema,
});

/**
 * The OpenAPI 3.1 `webhooks`: one entry per event type a partner can subscribe to, its body the public envelope of
 * every version the contracts know (a consumer of version N handles every later one: later versions only add fields).
 */
export function webhookDocs(): Record<string, unknown> {
  return Object.fromEntries(
    SUBSCRIPTIONS.webhook.map((type) => {
      const versions = Object.entries(EVENT_CATALOG[type] as Record<string, TSchema>).map(([version, data]) =>
        json(payloadSchema(type, Number(version), data)),
      );
      const body = versions.length === 1 ? versions[0] : { oneOf: versions };
      return [
        type,
        {
          post: {
            operationId: `webhook_${type.replace('.', '_')}`,
            tags: ['webhooks'],
            summary: `${type}, as sent to an endpoint subscribed to it`,
            description:
              "Signed by the Standard Webhooks specification: verify the body with the endpoint's secret (e.g. `new Webhook(secret).verify(body, headers)` of the `standardwebhooks` package). " +
              'Delivered at least once: deduplicate by `webhook-id`. Versions: ' +
              versions.map((v) => `${(v.title as string).split(' ')[1]}`).join(', ') +
              ' (a later version only adds fields).',
            parameters: [
              header('webhook-id', 'the event id: the same on every retry and duplicate', {
                type: 'string',
                format: 'uuid',
                maxLength: 36,
              }),
              header('webhook-timestamp', 'when this attempt was signed, in seconds since the epoch', {
                type: 'string',
                pattern: '^[0-9]{1,12}$',
                maxLength: 12,
              }),
              header(
                'webhook-signature',
                '`v1,<base64 HMAC-SHA256>`; two, space-separated, while a rotated secret still signs',
                { type: 'string', pattern: '^v1,[A-Za-z0-9+/=]+( v1,[A-Za-z0-9+/=]+)*$', maxLength: 400 },
              ),
            ],
            requestBody: { required: true, content: { 'application/json': { schema: body } } },
            responses: {
              '2XX': { description: 'Delivered: no more attempts' },
              '410': { description: 'Gone: the delivery fails and the endpoint is disabled (the admins are told)' },
              default: {
                description:
                  'Not delivered (any other answer, a redirect, or none within 10 s): tried again on the retry schedule',
              },
            },
          },
        },
      ];
    }),
  );
}

/**
 * The service's document, served at OPENAPI_PATH, as OpenAPI 3.1 with the `webhooks` partners receive (the route
 * schemas are JSON Schema already, which 3.1 takes as they are).
 */
export const payloadsOpenApi = fp(
  async (app) => {
    const webhooks = webhookDocs();
    app.addHook('preSerialization', async (request, _reply, payload) => {
      if (request.routeOptions.url !== OPENAPI_PATH || typeof payload !== 'object' || payload === null) return payload;
      return { ...payload, openapi: '3.1.0', webhooks };
    });
  },
  { name: 'webhook-payloads-openapi' },
);
