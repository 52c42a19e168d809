import { byScoreThenId } from './ranking';
import type { Scored } from './types';

/** Customers a pair needs before its similarity counts half of its cosine. */
export const SUPPORT_SHRINK = 3;

/** Neighbours kept ranked per product; a query that needs more ranks the product's whole row once. */
export const RANKED_NEIGHBOURS = 100;

/**
 * Customer-level co-purchase counts and the similarities they give: the cosine of two products' customer sets,
 * both / sqrt(customers of i × customers of j), shrunk by both / (both + SUPPORT_SHRINK) so that a pair resting on
 * one or two customers does not outrank a well-supported one.
 *
 * Cosine rather than lift: a best seller bought by everyone scores only about sqrt(n_i / n_bestseller) against i, so
 * it sinks below real partners, while lift (both × N / (n_i × n_j)) gives its highest score to a product bought once
 * next to i. The counts are exact integers, so what is counted and then taken back leaves no trace. Each product's
 * best neighbours are ranked on first use and dropped when a count they depend on changes.
 */
export class SimilarityIndex {
  /** product → number of customers who bought it */
  private readonly customersWith = new Map<string, number>();
  /** product → other product → number of customers who bought both (kept symmetric) */
  private readonly together = new Map<string, Map<string, number>>();
  private readonly ranked = new Map<string, Scored[]>();

  /**
   * Counts (or takes back) one customer for the products new to them (or gone from them) and for every pair those
   * make with each other and with the products the customer keeps: O(changed × kept).
   */
  count(changed: readonly string[], kept: Iterable<string>, delta: 1 | -1): void {
    const keptIds = [...kept];
    for (let a = 0; a < changed.length; a++) {
      const i = changed[a] as string;
      bump(this.customersWith, i, delta);
      for (let b = a + 1; b < changed.length; b++) this.countPair(i, changed[b] as string, delta);
      for (const j of keptIds) this.countPair(i, j, delta);
    }
    // A product's customer count is in the similarity of every pair it is in, so those rankings are stale now.
    if (this.ranked.size === 0) return;
    for (const i of changed) {
      this.ranked.delete(i);
      for (const j of this.together.get(i)?.keys() ?? []) this.ranked.delete(j);
    }
  }

  /** The product's most similar products, best first (at most RANKED_NEIGHBOURS). */
  neighbours(productId: string): Scored[] {
    let ranked = this.ranked.get(productId);
    if (!ranked) {
      ranked = this.allNeighbours(productId).slice(0, RANKED_NEIGHBOURS);
      this.ranked.set(productId, ranked);
    }
    return ranked;
  }

  /** Every product bought by a customer of this one, best first. */
  allNeighbours(productId: string): Scored[] {
    const nI = this.customersWith.get(productId) ?? 0;
    const all: Scored[] = [];
    for (const [other, both] of this.together.get(productId) ?? []) {
      const nJ = this.customersWith.get(other) ?? 0;
      all.push({ productId: other, score: (both / Math.sqrt(nI * nJ)) * (both / (both + SUPPORT_SHRINK)) });
    }
    return all.sort(byScoreThenId);
  }

  /** Whether neighbours() left some of the product's row out. */
  truncated(productId: string): boolean {
    return (this.together.get(productId)?.size ?? 0) > RANKED_NEIGHBOURS;
  }

  private countPair(i: string, j: string, delta: number): void {
    bumpPair(this.together, i, j, delta);
    bumpPair(this.together, j, i, delta);
    this.ranked.delete(i);
    this.ranked.delete(j);
  }
}

/** Adds delta to a counter and drops it at zero, so what is taken back leaves no empty entries behind. */
export function bump(map: Map<string, number>, key: string, delta: number): void {
  const next = (map.get(key) ?? 0) + delta;
  if (next > 0) map.set(key, next);
  else map.delete(key);
}

function bumpPair(pairs: Map<string, Map<string, number>>, i: string, j: string, delta: number): void {
  let row = pairs.get(i);
  if (!row) pairs.set(i, (row = new Map()));
  bump(row, j, delta);
  if (row.size === 0) pairs.delete(i);
}
