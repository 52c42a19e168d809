import { defineConsumer } from '@shopwire/messaging';
import type { CatalogDeps } from '../deps';
import { sellReservedStock } from '../stock/sell-stock';

/** A confirmed order (any version) turns its reserved stock into sold stock; guarded by its reservation's state. */
export const sellStockOnOrderConfirmed = defineConsumer(
  'order.confirmed',
  (deps: CatalogDeps) => async (event, ctx) => {
    const reservation = await sellReservedStock(deps, event.data.orderId);
    if (reservation?.state !== 'sold')
      ctx.log.warn(
        { orderId: event.data.orderId, reservation: reservation?.state ?? 'none' },
        'confirmed order holds no reserved stock',
      );
  },
  { selfGuarded: true },
);
