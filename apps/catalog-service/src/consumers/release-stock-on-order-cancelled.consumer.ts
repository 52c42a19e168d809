import { defineConsumer } from '@shopwire/messaging';
import type { CatalogDeps } from '../deps';
import { releaseStockOfOrder } from '../stock/release-stock';

/** A cancelled order gives its reserved or sold stock back; guarded by its reservation's state. */
export const releaseStockOnOrderCancelled = defineConsumer(
  'order.cancelled',
  (deps: CatalogDeps) => async (event, ctx) => {
    await releaseStockOfOrder(deps, event.data.orderId, ctx.eventMeta);
  },
  { selfGuarded: true },
);
