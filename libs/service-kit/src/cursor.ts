import { badRequest } from './errors';

/** Turns a page's last position into an opaque cursor and back. */
export interface CursorCodec<T> {
  encode(position: T): string;
  /** The position a cursor names; a 400 INVALID_CURSOR problem when it is not one this codec handed out. */
  decode(cursor: string): T;
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
  return {
    encode: (position) => Buffer.from(JSON.stringify(format.write(position))).toString('base64url'),
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
  };
}
