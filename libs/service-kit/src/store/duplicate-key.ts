/** E11000, the same code on MongoDB and FerretDB: a unique index (`_id` or another) refused an insert or upsert. */
export const DUPLICATE_KEY = 11000;

/** Whether the store refused a write because a document with that key exists already. */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;
}

/** Whether every write of a (bulk) insert that failed was refused only as a duplicate key. */
export function isOnlyDuplicateKeys(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: Array<{ code?: number }> } | null)?.writeErrors;
  if (!writeErrors) return isDuplicateKey(error);
  return writeErrors.length > 0 && writeErrors.every((w) => w.code === DUPLICATE_KEY);
}
