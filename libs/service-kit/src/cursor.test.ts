import { cursorCodec } from './cursor';

const byNumber = cursorCodec<number>({
  write: (n) => n,
  read: (n) => (Number.isSafeInteger(n) ? (n as number) : undefined),
});

describe('cursorCodec', () => {
  it('when a cursor it handed out comes back, then it decodes to the same position, and anything else is a 400', () => {
    expect(byNumber.decode(byNumber.encode(42))).toBe(42);
    for (const bad of ['not base64 json', Buffer.from('"x"').toString('base64url')]) {
      expect(() => byNumber.decode(bad)).toThrow(expect.objectContaining({ status: 400, code: 'INVALID_CURSOR' }));
    }
  });

  it('when a listing fetched one row more than its limit, then the page drops it and its cursor names the last row kept', () => {
    const page = byNumber.page([5, 4, 3], 2, (n) => n);
    expect(page.items).toEqual([5, 4]);
    expect(byNumber.decode(page.nextCursor as string)).toBe(4);
  });

  it('when a listing fetched no more than its limit, then it is the last page', () => {
    expect(byNumber.page([5, 4], 2, (n) => n)).toEqual({ items: [5, 4], nextCursor: null });
    expect(byNumber.page([], 2, (n: number) => n)).toEqual({ items: [], nextCursor: null });
  });
});
