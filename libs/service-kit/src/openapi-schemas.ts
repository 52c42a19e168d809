import { Type, type IntegerOptions, type StringOptions, type TObject } from '@sinclair/typebox';

// Every string, array and integer a route documents carries its bound (OWASP API4, checked by `npm run audit:api`).

/** An instant as `Date#toISOString` writes it: 24 characters, 27 for years past 9999. */
export const Timestamp = (options: StringOptions = {}) =>
  Type.String({ format: 'date-time', maxLength: 32, ...options });

/** A 32-bit integer within [minimum, maximum]: counts, quantities, page sizes. */
export const Int32 = (minimum: number, maximum: number, options: IntegerOptions = {}) =>
  Type.Integer({ format: 'int32', minimum, maximum, ...options });

/** A 64-bit integer within [minimum, maximum]; JSON numbers stay exact up to 2^53 - 1, hence the default. */
export const Int64 = (minimum: number, maximum = Number.MAX_SAFE_INTEGER, options: IntegerOptions = {}) =>
  Type.Integer({ format: 'int64', minimum, maximum, ...options });

/** An amount of money as the services answer it; sums of many lines can pass 32 bits, so the amount is int64. */
export const MoneyView = Type.Object(
  {
    amount: Int64(0, undefined, { description: 'integer minor units (cents)' }),
    currency: Type.String({ maxLength: 3, pattern: '^[A-Z]{3}$', description: 'ISO 4217' }),
  },
  { additionalProperties: false },
);

/**
 * A page's `nextCursor`: null on the last page. A nullable string rather than a union with null, so serialising an
 * over-long cursor can never fail (a union makes the serialiser validate which branch a value matches).
 */
export const NextCursor = (maxLength: number) =>
  Type.Unsafe<string | null>({
    type: 'string',
    nullable: true,
    maxLength,
    description: 'the `cursor` of the next page; null on the last page',
  });

/**
 * An object whose members with a default are optional for the client (a query's `limit`, a listing's `sort`). The
 * validator puts the default in before the handler runs, so the handler's type keeps them as always present.
 */
export function OptionalDefaults<T extends TObject>(schema: T): T {
  const required = (schema.required ?? []).filter(
    (name) => (schema.properties[name] as { default?: unknown } | undefined)?.default === undefined,
  );
  const { required: _all, ...rest } = schema;
  // OpenAPI 3.0 wants `required` to list one name at least, or to be absent.
  return (required.length > 0 ? { ...rest, required } : rest) as T;
}

/** At most this many field problems are listed in a 400; an unknown field each would otherwise be unbounded. */
export const MAX_FIELD_PROBLEMS = 50;
/** A field problem names the field in at most this many characters (an unknown field's name comes from the client). */
export const MAX_FIELD_NAME = 200;

/** An RFC 9457 problem as every error of every service answers it (application/problem+json). */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ format: 'uri', maxLength: 200 }),
    title: Type.String({ maxLength: 200 }),
    status: Int32(400, 599),
    code: Type.String({ maxLength: 64, pattern: '^[A-Z][A-Z0-9_]*$', description: 'stable, e.g. PRODUCT_NOT_FOUND' }),
    traceId: Type.String({ maxLength: 128 }),
    detail: Type.Optional(Type.String({ maxLength: 2000 })),
    errors: Type.Optional(
      Type.Array(
        Type.Object(
          { field: Type.String({ maxLength: MAX_FIELD_NAME }), message: Type.String({ maxLength: 500 }) },
          { additionalProperties: false },
        ),
        { maxItems: MAX_FIELD_PROBLEMS },
      ),
    ),
  },
  // Some problems add members (readiness lists its checks).
  { additionalProperties: true },
);
