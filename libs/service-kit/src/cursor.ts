import { badRequest } from './errors';

/** Turns a page's last position into an opaque cursor and back. */
export interface CursorCodec<T> {
  encode(position: T): string;
  /** The position a cursor names; a 400 INVALID_CURSOR problem when it is not one this codec handed out. */
  decode(cursor: string): T;
  /**
   * One page of a listing that fetched up to `limit + 1` rows: the extra row only says there is a next page, whose
   * cursor is the position of the page's last row.
   */
  page<R>(rows: readonly R[], limit: number, positionOf: (row: R) => T): { items: R[]; nextCursor: string | null };
}

export interface CursorFormat<T> {
  /** The position as JSON-ready data. */
  write(position: T): unknown;
  /** Checks data read back from a cursor; undefined when it is not what `write` makes. */
  read(payload: unknown): T | undefined;
}

/** Every listing's cursors: base64url of the JSON `write` makes, checked by `read` on the way back in. */
export function cursorCodec<T>(format: CursorFormat<T>): CursorCodec<T> {
  const invalid = () =>
    badRequest('INVALID_CURSOR', 'The cursor is not one this listing handed out; start again without it.');
  const encode = (position: T) => Buffer.from(JSON.stringify(format.write(position))).toString('base64url');
  return {
    encode,
    decode: (cursor) => {
      let payload: unknown;
      try {
        payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        throw invalid();
      }
      const position = format.read(payload);
      if (position === undefined) throw invalid();
      return position;
    },
    page: (rows, limit, positionOf) => {
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > limit && last !== undefined ? encode(positionOf(last)) : null };
    },
  };
}
