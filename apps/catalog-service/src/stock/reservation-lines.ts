import type { CatalogDeps } from '../deps';
import type { LineState, ReservationLine, ReservationRecord } from '../models/reservation.model';
import { holdStock, moveHeldStock, type HoldMove, type OrderLine } from './stock-holds';

/** Waits for every line's work, then fails with the first error if any failed, so no move is left running unseen. */
async function eachLine<T>(work: Array<Promise<T>>): Promise<T[]> {
  const outcomes = await Promise.allSettled(work);
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<T>).value);
}

/**
 * Holds stock for every line (different products, side by side). A line the order already holds from an earlier
 * attempt that crashed before recording it stays held without taking more.
 */
export async function holdLines(
  catalog: CatalogDeps,
  orderId: string,
  lines: readonly OrderLine[],
): Promise<ReservationLine[]> {
  const held = await eachLine(lines.map((line) => holdStock(catalog, orderId, line)));
  return lines.map(({ productId, quantity }, i) => ({ productId, quantity, state: held[i] ? 'held' : 'unavailable' }));
}

/** Gives back the reserved stock the order holds on these products, if it holds any. */
export async function releaseHolds(catalog: CatalogDeps, orderId: string, lines: readonly OrderLine[]): Promise<void> {
  await eachLine(lines.map((line) => moveHeldStock(catalog, 'release', orderId, line)));
}

/** For a line in a given state: the stock move to apply on its product, and the state it is recorded in afterwards. */
export type LinePlan = Partial<Record<LineState, readonly [HoldMove, LineState]>>;

/**
 * Applies the planned stock move to each line and returns the lines as the reservation records them once done.
 * Each move happens once per product, so after a crash the same plan can run again from the recorded lines.
 */
export async function moveLines(
  catalog: CatalogDeps,
  reservation: ReservationRecord,
  plan: LinePlan,
): Promise<ReservationLine[]> {
  await eachLine(
    reservation.lines.map(async (line) => {
      const step = plan[line.state];
      if (step) await moveHeldStock(catalog, step[0], reservation._id, line);
    }),
  );
  return reservation.lines.map((line) => ({
    productId: line.productId,
    quantity: line.quantity,
    state: plan[line.state]?.[1] ?? line.state,
  }));
}
