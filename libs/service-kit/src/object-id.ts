import { Type } from '@sinclair/typebox';
import { Types } from 'mongoose';
import type { AppError } from './errors';

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** An id the store made (an ObjectId) as APIs carry it: 24 lower-case hexadecimal digits. */
export const ObjectIdString = Type.String({ maxLength: 24, pattern: '^[0-9a-f]{24}$' });

/** Whether `id` can name a document by ObjectId (in either case). */
export function isObjectId(id: unknown): id is string {
  return typeof id === 'string' && OBJECT_ID.test(id);
}

/** The `_id` an id from a URL names, or `missing()` thrown: an id that cannot exist is a 404 without a read. */
export function objectIdOr(id: string, missing: () => AppError): Types.ObjectId {
  if (!isObjectId(id)) throw missing();
  return new Types.ObjectId(id);
}
