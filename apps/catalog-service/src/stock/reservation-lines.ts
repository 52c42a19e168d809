import type { CatalogStore } from '../models/catalog';
import type { LineState, ReservationRecord } from '../models/reservation.model';
import { markLine } from './reservation-record';
import { holdStock, moveHeldStock, type HoldMove } from './stock-holds';

/**
 * Holds stock for each line still pending and records the outcome on the line. A crash between the two writes
 * is harmless: the next attempt finds the order's hold on the product and records it without taking more.
 */
export async function holdPendingLines(catalog: CatalogStore, reservation: ReservationRecord): Promise<void> {
  for (const [index, line] of reservation.lines.entries()) {
    if (line.state !== 'pending') continue;
    const held = await holdStock(catalog, reservation._id, line);
    await markLine(catalog.Reservation, reservation._id, index, 'pending', held ? 'held' : 'unavailable');
  }
}

/** Applies one stock move to every line in state `from`, then marks it `to`; each move happens once per product. */
export async function moveLines(catalog: CatalogStore, reservation: ReservationRecord, from: LineState, move: HoldMove, to: LineState): Promise<void> {
  for (const [index, line] of reservation.lines.entries()) {
    if (line.state !== from) continue;
    await moveHeldStock(catalog, move, reservation._id, line);
    await markLine(catalog.Reservation, reservation._id, index, from, to);
  }
}
