import { consumersFor, type EventHandlers } from '@shopwire/messaging';
import type { CatalogDeps } from '../deps';
import { releaseStockOnOrderCancelled } from './release-stock-on-order-cancelled.consumer';
import { releaseStockOnOrderRejected } from './release-stock-on-order-rejected.consumer';
import { reserveStockOnOrderPlaced } from './reserve-stock-on-order-placed.consumer';
import { sellStockOnOrderConfirmed } from './sell-stock-on-order-confirmed.consumer';
import { settleSaleOnOrderShipped } from './settle-sale-on-order-shipped.consumer';

/**
 * The catalog's part of the order saga (SPEC section 6). Each reaction is guarded by the order's reservation
 * record and the holds on the products, so a second delivery finds its work done: no separate inbox record.
 */
export const catalogConsumers = (deps: CatalogDeps): EventHandlers =>
  consumersFor(deps, [
    reserveStockOnOrderPlaced,
    sellStockOnOrderConfirmed,
    releaseStockOnOrderRejected,
    releaseStockOnOrderCancelled,
    settleSaleOnOrderShipped,
  ]);
