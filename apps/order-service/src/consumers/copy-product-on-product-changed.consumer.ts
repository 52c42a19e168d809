import type { EventHandler } from '@shopwire/messaging';
import { copyProduct } from '../catalog/copy-product';
import type { CatalogProductModel } from '../models/catalog-product.model';

/** product.created and product.updated keep the local price list current; an older event than the copy is dropped. */
export function copyProductOnProductChanged(products: CatalogProductModel): EventHandler<'product.created' | 'product.updated'> {
  return async (event, ctx) => {
    const applied = await copyProduct(products, event.data, event.occurredAt);
    if (!applied) ctx.log.debug({ productId: event.data.productId, eventId: event.id }, 'stale product event ignored');
  };
}
