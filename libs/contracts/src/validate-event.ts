import { randomUUID } from 'node:crypto';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { CURRENT_VERSIONS, EVENT_CATALOG } from './event-data.schemas';
import {
  EnvelopeHeaderSchema,
  type EventData,
  type EventDataOf,
  type EventEnvelope,
  type EventMeta,
  type EventType,
  type EventVersion,
} from './envelope';

const ajv = new Ajv({
  allErrors: false,
  strict: false,
  coerceTypes: false,
  useDefaults: false,
  removeAdditional: false,
});
addFormats(ajv);

const validateHeader = ajv.compile(EnvelopeHeaderSchema);
const dataValidators = new Map<string, ValidateFunction>();
for (const [type, versions] of Object.entries(EVENT_CATALOG)) {
  for (const [version, schema] of Object.entries(versions))
    dataValidators.set(`${type}@${version}`, ajv.compile(schema));
}

function describe(errors: ErrorObject[] | null | undefined, prefix: string): string {
  const first = errors?.[0];
  if (!first) return `${prefix} is invalid`;
  const where = `${prefix}${first.instancePath}`;
  if (first.keyword === 'additionalProperties')
    return `${where}/${String(first.params.additionalProperty)} is not an allowed field`;
  if (first.keyword === 'required') return `${where}/${String(first.params.missingProperty)} is required`;
  return `${where} ${first.message ?? 'is invalid'}`;
}

export class InvalidEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

export type ParseResult = { ok: true; event: EventEnvelope } | { ok: false; reason: string };

/** Checks an already-decoded value against the envelope and the data schema of its type and version. */
export function parseEvent(value: unknown): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, reason: 'envelope is not an object' };
  if (!validateHeader(value)) return { ok: false, reason: describe(validateHeader.errors, 'envelope') };
  const envelope = value as EventEnvelope;
  const validateData = dataValidators.get(`${envelope.type}@${envelope.version}`);
  if (!validateData) return { ok: false, reason: `unknown version ${envelope.version} of ${envelope.type}` };
  if (!validateData(envelope.data)) return { ok: false, reason: describe(validateData.errors, 'data') };
  return { ok: true, event: envelope };
}

/** Decodes message bytes: JSON first, then the schemas. */
export function decodeEvent(raw: Buffer | string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: `invalid JSON: ${(err as Error).message}` };
  }
  return parseEvent(value);
}

/** A new envelope (uuid, now, the type's current version); throws InvalidEventError when `data` breaks its schema. */
export function createEvent<T extends EventType>(type: T, data: EventData<T>, meta: EventMeta): EventEnvelope<T> {
  return createEventOfVersion(
    type,
    CURRENT_VERSIONS[type] as EventVersion<T>,
    data as EventDataOf<T, EventVersion<T>>,
    meta,
  );
}

/** A new envelope of a given version: what a producer not yet on the current version sends (tests play one). */
export function createEventOfVersion<T extends EventType, V extends EventVersion<T>>(
  type: T,
  version: V,
  data: EventDataOf<T, V>,
  meta: EventMeta,
): EventEnvelope<T> {
  const event = {
    id: randomUUID(),
    type,
    version,
    occurredAt: new Date().toISOString(),
    source: meta.source,
    correlationId: meta.correlationId,
    causationId: meta.causationId ?? null,
    data,
  } as EventEnvelope<T>;
  const result = parseEvent(event);
  if (!result.ok) throw new InvalidEventError(`${type}: ${result.reason}`);
  return event;
}
