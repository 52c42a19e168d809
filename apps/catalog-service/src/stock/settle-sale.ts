import type { CatalogDeps } from '../deps';
import type { ReservationRecord } from '../models/reservation.model';
import { findReservation, moveReservation, ReservationBusyError } from './reservation-record';
import { moveLines } from './reservation-lines';

/**
 * order.shipped: a shipped order can no longer be cancelled, so its sale is final and the products drop the
 * order's hold (which only existed so a cancellation could give the stock back exactly once).
 */
export function settleSale(catalog: CatalogDeps, orderId: string): Promise<ReservationRecord | null> {
  return catalog.store.exclusive(catalog.Reservation, orderId, () => settle(catalog, orderId));
}

async function settle(catalog: CatalogDeps, orderId: string): Promise<ReservationRecord | null> {
  let reservation = await findReservation(catalog, orderId);
  if (!reservation) return null;
  if (reservation.state === 'selling') throw new ReservationBusyError(orderId, reservation.state);
  if (reservation.state === 'sold') reservation = await moveReservation(catalog, orderId, 'sold', 'settling');
  if (reservation.state !== 'settling') return reservation;
  const lines = await moveLines(catalog, reservation, { sold: ['settle', 'settled'] });
  return moveReservation(catalog, orderId, 'settling', 'settled', { lines });
}
