import type { VersionPrecondition } from '../../products/update-product';

/** A product's ETag: its version, which every change of the product moves on. */
export const etagOf = (version: number): string => `"${version}"`;

const tagsOf = (header: string): string[] =>
  header
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);

/** If-Match uses strong comparison (RFC 9110): a weak tag never matches; `*` matches any current version. */
export function ifMatch(header: string | undefined): VersionPrecondition | undefined {
  if (header === undefined) return undefined;
  const tags = tagsOf(header);
  return (version) => tags.includes('*') || tags.includes(etagOf(version));
}

/** If-None-Match uses weak comparison: the client's copy is current, so 304. */
export function isNotModified(header: string | undefined, version: number): boolean {
  if (header === undefined) return false;
  return tagsOf(header).some((tag) => tag === '*' || tag.replace(/^W\//, '') === etagOf(version));
}
