import type { CatalogDeps } from '../deps';
import { isDuplicateKey } from '@shopwire/service-kit';
import type { ReservationLine, ReservationRecord, ReservationState } from '../models/reservation.model';
import type { OrderLine } from './stock-holds';

/** One line per product: an order naming a product twice holds the sum once. */
export function mergeLines(items: readonly OrderLine[]): OrderLine[] {
  const byProduct = new Map<string, number>();
  for (const item of items) byProduct.set(item.productId, (byProduct.get(item.productId) ?? 0) + item.quantity);
  return [...byProduct].map(([productId, quantity]) => ({ productId, quantity }));
}

export function findReservation(catalog: CatalogDeps, orderId: string): Promise<ReservationRecord | null> {
  return catalog.store.get(catalog.Reservation, orderId);
}

/** A reservation known to exist (reservations are never deleted). */
export async function loadReservation(catalog: CatalogDeps, orderId: string): Promise<ReservationRecord> {
  const reservation = await findReservation(catalog, orderId);
  if (!reservation) throw new Error(`reservation of order ${orderId} is missing`);
  return reservation;
}

/**
 * Records the order's reservation in one insert, with the event that tells the world if there is one. The order
 * id is the `_id`, so only the first of two racing deliveries records it; the other gets the recorded one.
 */
export async function recordReservation(
  catalog: CatalogDeps,
  orderId: string,
  state: ReservationState,
  lines: ReservationLine[],
  event?: object,
): Promise<ReservationRecord> {
  try {
    return await catalog.store.insert(catalog.Reservation, {
      _id: orderId,
      state,
      lines,
      ...(event ? { outbox: [event] } : {}),
    });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return loadReservation(catalog, orderId);
  }
}

/** What a move writes besides the state: the lines' outcomes and the event that tells the world. */
export interface ReservationChanges {
  lines?: ReservationLine[];
  event?: object;
}

/**
 * Moves the reservation on, only from the expected state, with its lines and the event in the same write (so the
 * event is emitted exactly when the state changes). Returns the reservation as it is now.
 */
export async function moveReservation(
  catalog: CatalogDeps,
  orderId: string,
  from: ReservationState | ReservationState[],
  to: ReservationState,
  changes: ReservationChanges = {},
): Promise<ReservationRecord> {
  const moved = await catalog.store.update(
    catalog.Reservation,
    orderId,
    { state: Array.isArray(from) ? { $in: from } : from },
    {
      $set: { state: to, ...(changes.lines ? { lines: changes.lines } : {}) },
      ...(changes.event ? { $push: { outbox: changes.event } } : {}),
    },
  );
  return moved ?? loadReservation(catalog, orderId);
}

/** Another delivery is moving this reservation right now (or crashed doing so and will be redelivered): try later. */
export class ReservationBusyError extends Error {
  constructor(orderId: string, state: ReservationState) {
    super(`reservation of order ${orderId} is ${state}; retry once that finishes`);
    this.name = 'ReservationBusyError';
  }
}
