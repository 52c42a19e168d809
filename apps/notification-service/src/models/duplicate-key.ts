/** E11000: a unique index (or an upsert racing a document it must not match) refused the write. */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number } | null)?.code === 11000;
}
