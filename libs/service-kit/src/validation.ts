import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

function makeAjv(coerceTypes: boolean | 'array'): Ajv {
  // Unknown fields are an error, never silently dropped: schemas say additionalProperties: false.
  // Validation stops at the first error (allErrors: false): refusing 120,000 items or 90,000 unknown keys costs one
  // check, not one per element; a schema's maxItems/maxProperties is checked before its items and properties.
  const ajv = new Ajv({ removeAdditional: false, useDefaults: true, coerceTypes, allErrors: false, strict: false });
  addFormats(ajv);
  return ajv;
}

/**
 * Bodies are validated without type coercion ("2" is not a quantity); query strings, params and headers
 * arrive as text and are coerced.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const bodyAjv = makeAjv(false);
  const textAjv = makeAjv('array');
  return ({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object);
}
