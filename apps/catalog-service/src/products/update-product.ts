import type { Types } from 'mongoose';
import { AppError } from '@shopwire/service-kit';
import type { EventCause } from '@shopwire/contracts';
import { requireCategory } from '../categories/require-category';
import type { CatalogDeps } from '../deps';
import type { Money, ProductRecord } from '../models/product.model';
import { productNotFound } from './product-id';
import { productSnapshotEvent } from './product-events';

export interface ProductChanges {
  name?: string;
  description?: string;
  category?: string;
  price?: Money;
  images?: string[];
}

/** Whether the version the client last saw (If-Match) allows the write; absent means "whatever is current". */
export type VersionPrecondition = (currentVersion: number) => boolean;

// Without If-Match a write that loses a race (with another replica) is redone on the newer version, a few times at most.
const MAX_ATTEMPTS = 5;

export const staleVersion = (): AppError =>
  new AppError('Precondition Failed', {
    code: 'VERSION_MISMATCH',
    status: 412,
    detail: 'The product changed since you read it; read it again and retry.',
  });

/** Applies a partial update on the version it read, so a concurrent change is never overwritten unseen. */
export async function updateProduct(
  catalog: CatalogDeps,
  id: Types.ObjectId,
  changes: ProductChanges,
  precondition: VersionPrecondition | undefined,
  cause: EventCause,
): Promise<ProductRecord> {
  if (changes.category !== undefined) await requireCategory(catalog, changes.category);
  return catalog.store.exclusive(catalog.Product, id, async () => {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const current = await catalog.store.get(catalog.Product, id);
      if (!current?.active) throw productNotFound(id.toHexString());
      if (precondition && !precondition(current.version)) throw staleVersion();
      const updated = await applyOnVersion(catalog, current, changes, cause);
      if (updated) return updated;
      if (precondition) throw staleVersion();
    }
    throw staleVersion();
  });
}

/** The write happens only on the version read; another replica's change in between makes it miss (null). */
function applyOnVersion(
  catalog: CatalogDeps,
  current: ProductRecord,
  changes: ProductChanges,
  cause: EventCause,
): Promise<ProductRecord | null> {
  const set = changes.name === undefined ? changes : { ...changes, nameKey: changes.name.toLowerCase() };
  const event = productSnapshotEvent('product.updated', { ...current, ...changes }, cause);
  return catalog.store.update(
    catalog.Product,
    current._id,
    { active: true, version: current.version },
    { $set: set, $inc: { version: 1 }, $push: { outbox: event } },
  );
}
