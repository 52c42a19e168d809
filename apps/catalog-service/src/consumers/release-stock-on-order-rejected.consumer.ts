import { defineConsumer } from '@shopwire/messaging';
import type { CatalogDeps } from '../deps';
import { releaseStockOfOrder } from '../stock/release-stock';

/** A rejected order (payment failed, timed out) gives its reserved stock back; guarded by its reservation's state. */
export const releaseStockOnOrderRejected = defineConsumer(
  'order.rejected',
  (deps: CatalogDeps) => async (event, ctx) => {
    await releaseStockOfOrder(deps, event.data.orderId, ctx.eventMeta);
  },
  { selfGuarded: true },
);
