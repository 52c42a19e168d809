import type { EventHandler } from '@shopwire/messaging';
import { archiveProduct } from '../catalog/copy-product';
import type { CatalogProductModel } from '../models/catalog-product.model';

/** product.archived: the product can no longer be ordered. */
export function archiveProductOnProductArchived(products: CatalogProductModel): EventHandler<'product.archived'> {
  return async (event, ctx) => {
    const applied = await archiveProduct(products, event.data.productId, event.occurredAt);
    if (!applied) ctx.log.debug({ productId: event.data.productId, eventId: event.id }, 'stale product event ignored');
  };
}
