import { isDuplicateKey } from '../models/duplicate-key';
import type { LineState, ReservationModel, ReservationRecord, ReservationState } from '../models/reservation.model';
import type { OrderLine } from './stock-holds';

/** One line per product: an order naming a product twice holds the sum once. */
function mergeLines(items: readonly OrderLine[]): OrderLine[] {
  const byProduct = new Map<string, number>();
  for (const item of items) byProduct.set(item.productId, (byProduct.get(item.productId) ?? 0) + item.quantity);
  return [...byProduct].map(([productId, quantity]) => ({ productId, quantity }));
}

/** The order's reservation, created on first sight with every line pending; later sights get the existing one. */
export async function openReservation(Reservation: ReservationModel, orderId: string, items: readonly OrderLine[]): Promise<ReservationRecord> {
  const lines = mergeLines(items).map((line) => ({ ...line, state: 'pending' as const }));
  try {
    await Reservation.updateOne({ _id: orderId }, { $setOnInsert: { state: 'reserving', lines } }, { upsert: true });
  } catch (error) {
    // Two deliveries raced to create it: the other one did.
    if (!isDuplicateKey(error)) throw error;
  }
  return loadReservation(Reservation, orderId);
}

export function findReservation(Reservation: ReservationModel, orderId: string): Promise<ReservationRecord | null> {
  return Reservation.findById(orderId).lean<ReservationRecord>();
}

/** A reservation known to exist (reservations are never deleted). */
export async function loadReservation(Reservation: ReservationModel, orderId: string): Promise<ReservationRecord> {
  const reservation = await findReservation(Reservation, orderId);
  if (!reservation) throw new Error(`reservation of order ${orderId} is missing`);
  return reservation;
}

export async function markLine(Reservation: ReservationModel, orderId: string, index: number, from: LineState, to: LineState): Promise<void> {
  await Reservation.updateOne({ _id: orderId, [`lines.${index}.state`]: from }, { $set: { [`lines.${index}.state`]: to } });
}

/**
 * Moves the reservation on, only from the expected state, optionally with the event that tells the world (in
 * the same update, so the event is emitted exactly when the state changes). Returns the reservation as it is now.
 */
export async function moveReservation(
  Reservation: ReservationModel,
  orderId: string,
  from: ReservationState | ReservationState[],
  to: ReservationState,
  event?: object,
): Promise<ReservationRecord> {
  await Reservation.updateOne(
    { _id: orderId, state: Array.isArray(from) ? { $in: from } : from },
    { $set: { state: to }, ...(event ? { $push: { outbox: event } } : {}) },
  );
  return loadReservation(Reservation, orderId);
}

/** Another delivery is moving this reservation right now (or crashed doing so and will be redelivered): try later. */
export class ReservationBusyError extends Error {
  constructor(orderId: string, state: ReservationState) {
    super(`reservation of order ${orderId} is ${state}; retry once that finishes`);
    this.name = 'ReservationBusyError';
  }
}
