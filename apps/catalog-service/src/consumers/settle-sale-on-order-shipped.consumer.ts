import { defineConsumer } from '@shopwire/messaging';
import type { CatalogDeps } from '../deps';
import { settleSale } from '../stock/settle-sale';

/** A shipped order's sold stock leaves the products' holds for good; guarded by its reservation's state. */
export const settleSaleOnOrderShipped = defineConsumer(
  'order.shipped',
  (deps: CatalogDeps) => async (event) => {
    await settleSale(deps, event.data.orderId);
  },
  { selfGuarded: true },
);
