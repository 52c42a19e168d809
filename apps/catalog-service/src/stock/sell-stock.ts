import type { CatalogDeps } from '../deps';
import type { ReservationRecord } from '../models/reservation.model';
import { findReservation, moveReservation, ReservationBusyError } from './reservation-record';
import { moveLines } from './reservation-lines';

/** order.confirmed: the order is paid, so what it holds turns from reserved into sold, once. */
export function sellReservedStock(catalog: CatalogDeps, orderId: string): Promise<ReservationRecord | null> {
  return catalog.store.exclusive(catalog.Reservation, orderId, () => sell(catalog, orderId));
}

async function sell(catalog: CatalogDeps, orderId: string): Promise<ReservationRecord | null> {
  let reservation = await findReservation(catalog, orderId);
  if (!reservation) return null;
  if (reservation.state === 'reserving') throw new ReservationBusyError(orderId, reservation.state);
  if (reservation.state === 'reserved') reservation = await moveReservation(catalog, orderId, 'reserved', 'selling');
  if (reservation.state !== 'selling') return reservation;
  const lines = await moveLines(catalog, reservation, { held: ['sell', 'sold'] });
  return moveReservation(catalog, orderId, 'selling', 'sold', { lines });
}
