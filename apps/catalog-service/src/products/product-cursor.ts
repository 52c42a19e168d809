import { Types } from 'mongoose';
import { badRequest } from '@shopwire/service-kit';
import type { ProductRecord } from '../models/product.model';
import { isProductId } from './product-id';

export const PRODUCT_SORTS = ['name', '-name', 'price', '-price', '-createdAt'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

type SortKey = string | number;

interface SortSpec {
  field: 'nameKey' | 'price.amount' | 'createdAt';
  direction: 1 | -1;
  keyOf(product: ProductRecord): SortKey;
  /** Checks a key read back from a cursor and turns it into what the store compares. */
  parseKey(key: unknown): string | number | Date | undefined;
}

const byName = { field: 'nameKey', keyOf: (p: ProductRecord) => p.nameKey, parseKey: (k: unknown) => (typeof k === 'string' ? k : undefined) } as const;
const byPrice = { field: 'price.amount', keyOf: (p: ProductRecord) => p.price.amount, parseKey: (k: unknown) => (Number.isSafeInteger(k) ? (k as number) : undefined) } as const;
const parseDate = (k: unknown): Date | undefined => {
  const date = typeof k === 'string' ? new Date(k) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
};

export const SORTS: Record<ProductSort, SortSpec> = {
  name: { ...byName, direction: 1 },
  '-name': { ...byName, direction: -1 },
  price: { ...byPrice, direction: 1 },
  '-price': { ...byPrice, direction: -1 },
  '-createdAt': { field: 'createdAt', direction: -1, keyOf: (p) => p.createdAt.toISOString(), parseKey: parseDate },
};

export interface CursorPosition {
  key: string | number | Date;
  id: Types.ObjectId;
}

/** Where a page ended: the sort key and id of its last product, so the next page starts right after it. */
export function encodeCursor(sort: ProductSort, last: ProductRecord): string {
  const payload = { s: sort, k: SORTS[sort].keyOf(last), id: last._id.toHexString() };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

const invalidCursor = () => badRequest('INVALID_CURSOR', 'The cursor is not one this listing handed out; start again without it.');

export function decodeCursor(sort: ProductSort, cursor: string): CursorPosition {
  let payload: { s?: unknown; k?: unknown; id?: unknown };
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (typeof payload !== 'object' || payload === null || payload.s !== sort || typeof payload.id !== 'string') throw invalidCursor();
  const key = SORTS[sort].parseKey(payload.k);
  if (key === undefined || !isProductId(payload.id)) throw invalidCursor();
  return { key, id: new Types.ObjectId(payload.id) };
}

/** Products strictly after the position in the order (sort key, then id): stable while products are added. */
export function afterPosition(sort: ProductSort, position: CursorPosition): Record<string, unknown> {
  const { field, direction } = SORTS[sort];
  const beyond = direction === 1 ? '$gt' : '$lt';
  return { $or: [{ [field]: { [beyond]: position.key } }, { [field]: position.key, _id: { [beyond]: position.id } }] };
}
