/**
 * The highest number in use of a sequence written by inserts (`<prefix><n>`, n from 1, no gaps but rare ones), found
 * by reads of single ids from a number known to be in use: doubling steps, then halving between the last hit and the
 * first miss. O(log n) reads, whoever wrote the numbers (this replica or another).
 */
export async function highestInUse(exists: (n: number) => Promise<boolean>, known = 0): Promise<number> {
  let low = known;
  let step = 1;
  while (await exists(low + step)) {
    low += step;
    step *= 2;
  }
  let high = low + step;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (await exists(middle)) low = middle;
    else high = middle;
  }
  return low;
}

export const padded = (n: number): string => String(n).padStart(12, '0');
