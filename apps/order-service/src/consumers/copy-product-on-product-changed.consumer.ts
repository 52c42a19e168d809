import { defineConsumer } from '@shopwire/messaging';
import { copyProduct, type CatalogCopy } from '../catalog/copy-product';

/** product.created and product.updated keep the local price list current; an older event than the copy is dropped. */
export const copyProductOnProductChanged = defineConsumer(
  ['product.created', 'product.updated'],
  (copy: CatalogCopy) => async (event, ctx) => {
    const applied = await copyProduct(copy, event.data, event.occurredAt);
    if (!applied) ctx.log.debug({ productId: event.data.productId, eventId: event.id }, 'stale product event ignored');
  },
);
