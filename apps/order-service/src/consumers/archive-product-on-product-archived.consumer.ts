import { defineConsumer } from '@shopwire/messaging';
import { archiveProduct, type CatalogCopy } from '../catalog/copy-product';

/** product.archived: the product can no longer be ordered. */
export const archiveProductOnProductArchived = defineConsumer(
  'product.archived',
  (copy: CatalogCopy) => async (event, ctx) => {
    const applied = await archiveProduct(copy, event.data.productId, event.occurredAt);
    if (!applied) ctx.log.debug({ productId: event.data.productId, eventId: event.id }, 'stale product event ignored');
  },
);
