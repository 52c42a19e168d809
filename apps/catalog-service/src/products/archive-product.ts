import type { Types } from 'mongoose';
import type { EventCause } from '@shopwire/contracts';
import type { CatalogDeps } from '../deps';
import { productNotFound } from './product-id';
import { productArchivedEvent } from './product-events';

/**
 * Takes a product off the shelf: no longer listed or reservable. Stock already held for orders stays held,
 * so those orders complete (or release) as usual. Archiving twice is archiving once.
 */
export async function archiveProduct(catalog: CatalogDeps, id: Types.ObjectId, cause: EventCause): Promise<void> {
  const archived = await catalog.store.update(
    catalog.Product,
    id,
    { active: true },
    {
      $set: { active: false },
      $inc: { version: 1 },
      $push: { outbox: productArchivedEvent(id, cause) },
    },
  );
  if (!archived && !(await catalog.store.get(catalog.Product, id, { _id: 1 }))) throw productNotFound(id.toHexString());
}
