import { cursorCodec, type CursorCodec } from '@shopwire/service-kit';
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

const CODECS: Record<ProductSort, KeyCodec> = {
  relevance: score,
  name: text,
  '-name': text,
  price: integer,
  '-price': integer,
  '-createdAt': time,
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Each sort's cursors: JSON `{s: sort, k: the last product's sort key, id: its id}`, refused under another sort. */
const cursors = Object.fromEntries(
  PRODUCT_SORTS.map((sort) => [
    sort,
    cursorCodec<CursorPosition>({
      write: (last) => ({ s: sort, k: CODECS[sort].write(last.key), id: last.id }),
      read: (payload) => {
        if (!isRecord(payload) || payload.s !== sort || typeof payload.id !== 'string' || !isProductId(payload.id))
          return undefined;
        const key = CODECS[sort].read(payload.k);
        return key === undefined ? undefined : { key, id: payload.id.toLowerCase() };
      },
    }),
  ]),
) as Record<ProductSort, CursorCodec<CursorPosition>>;

/** The cursors of one sort (a cursor of another sort is refused). */
export function productCursor(sort: ProductSort): CursorCodec<CursorPosition> {
  return cursors[sort];
}
