import { badRequest } from '@shopwire/service-kit';
import { isProductId } from './product-id';

export const PRODUCT_SORTS = ['relevance', 'name', '-name', 'price', '-price', '-createdAt'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

/** Where a page ended: the sort key (name key, price, creation time in ms, or relevance score) and the product id. */
export interface CursorPosition {
  key: string | number;
  id: string;
}

interface KeyCodec {
  /** The key as the cursor's JSON carries it (creation times as ISO strings, as cursors always did). */
  write(key: string | number): string | number;
  /** Checks a key read back from a cursor; undefined when it is not one this sort hands out. */
  read(key: unknown): string | number | undefined;
}

const text: KeyCodec = { write: (k) => k, read: (k) => (typeof k === 'string' ? k : undefined) };
const integer: KeyCodec = { write: (k) => k, read: (k) => (Number.isSafeInteger(k) ? (k as number) : undefined) };
const score: KeyCodec = { write: (k) => k, read: (k) => (typeof k === 'number' && Number.isFinite(k) ? k : undefined) };
const time: KeyCodec = {
  write: (k) => new Date(k).toISOString(),
  read: (k) => {
    const ms = typeof k === 'string' ? Date.parse(k) : Number.NaN;
    return Number.isNaN(ms) ? undefined : ms;
  },
};

const CODECS: Record<ProductSort, KeyCodec> = { relevance: score, name: text, '-name': text, price: integer, '-price': integer, '-createdAt': time };

/** The cursor after a page: base64url JSON of the sort, the last product's sort key and its id. */
export function encodeCursor(sort: ProductSort, last: CursorPosition): string {
  const payload = { s: sort, k: CODECS[sort].write(last.key), id: last.id };
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
  const key = CODECS[sort].read(payload.k);
  if (key === undefined || !isProductId(payload.id)) throw invalidCursor();
  return { key, id: payload.id.toLowerCase() };
}
