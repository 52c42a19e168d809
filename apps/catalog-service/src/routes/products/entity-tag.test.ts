import { etagOf, ifMatch, isNotModified } from './entity-tag';

describe('product entity tags', () => {
  it('when If-Match names the current version (alone, in a list, or as *), then the write may go ahead', () => {
    expect(ifMatch('"3"')?.(3)).toBe(true);
    expect(ifMatch('"1", "3"')?.(3)).toBe(true);
    expect(ifMatch('*')?.(7)).toBe(true);
  });

  it('when If-Match names another version or a weak tag, then it does not match; without the header there is no condition', () => {
    expect(ifMatch('"2"')?.(3)).toBe(false);
    expect(ifMatch('W/"3"')?.(3)).toBe(false);
    expect(ifMatch(undefined)).toBeUndefined();
  });

  it('when If-None-Match names the current version, weak or strong, then the client copy is current', () => {
    expect(isNotModified(etagOf(4), 4)).toBe(true);
    expect(isNotModified('W/"4"', 4)).toBe(true);
    expect(isNotModified('"3"', 4)).toBe(false);
    expect(isNotModified(undefined, 4)).toBe(false);
  });
});
