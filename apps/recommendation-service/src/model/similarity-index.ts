import { bestFirst } from './best-first';
import type { Scored } from './types';

/** Customers a pair needs before its similarity counts half of its cosine. */
export const SUPPORT_SHRINK = 3;

/** Neighbours kept ranked per product; a list that needs more goes on down the product's whole row. */
export const RANKED_NEIGHBOURS = 100;

interface Ranked {
  products: Int32Array;
  scores: Float64Array;
}

/**
 * Customer-level co-purchase counts and the similarities they give: the cosine of two products' customer sets,
 * both / sqrt(customers of i × customers of j), shrunk by both / (both + SUPPORT_SHRINK) so that a pair resting on
 * one or two customers does not outrank a well-supported one.
 *
 * Cosine rather than lift: a best seller bought by everyone scores only about sqrt(n_i / n_bestseller) against i, so
 * it sinks below real partners, while lift (both × N / (n_i × n_j)) gives its highest score to a product bought once
 * next to i. The counts are exact integers, so what is counted and then taken back leaves no trace. Each product's
 * best neighbours are ranked on first use and dropped when a count they depend on changes. Products are numbered
 * inside so that a query adds scores up in an array rather than in maps keyed by strings.
 */
export class SimilarityIndex {
  private readonly numbers = new Map<string, number>();
  private readonly ids: string[] = [];
  /** product → number of customers who bought it */
  private readonly customers: number[] = [];
  /** product → other product → number of customers who bought both (kept symmetric) */
  private readonly together: Map<number, number>[] = [];
  private readonly ranked: (Ranked | undefined)[] = [];
  private rankedCount = 0;
  private sums = new Float64Array(0);
  private marks = new Uint32Array(0);
  private mark = 0;

  /**
   * Counts (or takes back) one customer for the products new to them (or gone from them) and for every pair those
   * make with each other and with the products the customer keeps: O(changed × kept).
   */
  count(changed: readonly string[], kept: Iterable<string>, delta: 1 | -1): void {
    const moved = changed.map((id) => this.number(id));
    const stayed = Array.from(kept, (id) => this.number(id));
    for (let a = 0; a < moved.length; a++) {
      const i = moved[a] as number;
      this.customers[i] = (this.customers[i] ?? 0) + delta;
      for (let b = a + 1; b < moved.length; b++) this.countPair(i, moved[b] as number, delta);
      for (const j of stayed) this.countPair(i, j, delta);
    }
    // A product's customer count is in the similarity of every pair it is in, so those rankings are stale now.
    if (this.rankedCount === 0) return;
    for (const i of moved) {
      this.drop(i);
      for (const j of this.together[i]?.keys() ?? []) this.drop(j);
    }
  }

  /** The products bought by this product's customers, most similar first. */
  *neighbours(productId: string): Generator<Scored> {
    const i = this.numbers.get(productId);
    if (i === undefined) return;
    const { products, scores } = this.rankedOf(i);
    for (let k = 0; k < products.length; k++)
      yield { productId: this.ids[products[k] as number] as string, score: scores[k] as number };
    if ((this.together[i]?.size ?? 0) <= products.length) return;
    const rest = this.rank(i, Infinity);
    for (let k = products.length; k < rest.products.length; k++) {
      yield { productId: this.ids[rest.products[k] as number] as string, score: rest.scores[k] as number };
    }
  }

  /**
   * Products by their mean similarity to the given ones (over each given product's ranked neighbours), leaving the
   * given ones out, best first.
   */
  *closestTo(productIds: readonly string[]): Generator<Scored> {
    this.grow();
    const mark = this.nextMark();
    const given = productIds.flatMap((id) => this.numbers.get(id) ?? []);
    for (const i of given) this.marks[i] = mark;
    const touched: number[] = [];
    for (const i of given) {
      const { products, scores } = this.rankedOf(i);
      for (let k = 0; k < products.length; k++) {
        const j = products[k] as number;
        if (this.marks[j] === mark) continue;
        if (this.marks[j] !== mark + 1) {
          this.marks[j] = mark + 1;
          this.sums[j] = 0;
          touched.push(j);
        }
        this.sums[j] = (this.sums[j] as number) + (scores[k] as number);
      }
    }
    const sums = this.sums;
    const ids = this.ids;
    const better = (a: number, b: number) =>
      (sums[a] as number) > (sums[b] as number) || (sums[a] === sums[b] && (ids[a] as string) < (ids[b] as string));
    for (const j of bestFirst(touched, better))
      yield { productId: ids[j] as string, score: (sums[j] as number) / productIds.length };
  }

  private number(productId: string): number {
    let i = this.numbers.get(productId);
    if (i === undefined) {
      i = this.ids.length;
      this.numbers.set(productId, i);
      this.ids.push(productId);
      this.customers.push(0);
      this.together.push(new Map());
      this.ranked.push(undefined);
    }
    return i;
  }

  private countPair(i: number, j: number, delta: number): void {
    bumpPair(this.together[i] as Map<number, number>, j, delta);
    bumpPair(this.together[j] as Map<number, number>, i, delta);
    this.drop(i);
    this.drop(j);
  }

  private drop(i: number): void {
    if (this.ranked[i] === undefined) return;
    this.ranked[i] = undefined;
    this.rankedCount--;
  }

  private rankedOf(i: number): Ranked {
    let ranked = this.ranked[i];
    if (!ranked) {
      ranked = this.rank(i, RANKED_NEIGHBOURS);
      this.ranked[i] = ranked;
      this.rankedCount++;
    }
    return ranked;
  }

  /** The best `limit` of the product's row, by similarity, then by id. */
  private rank(i: number, limit: number): Ranked {
    const nI = this.customers[i] ?? 0;
    const row = this.together[i] ?? new Map<number, number>();
    const all: { j: number; score: number }[] = [];
    for (const [j, both] of row) {
      all.push({ j, score: (both / Math.sqrt(nI * (this.customers[j] ?? 0))) * (both / (both + SUPPORT_SHRINK)) });
    }
    const ids = this.ids;
    all.sort((a, b) => b.score - a.score || ((ids[a.j] as string) < (ids[b.j] as string) ? -1 : 1));
    const kept = all.slice(0, limit);
    return { products: Int32Array.from(kept, (n) => n.j), scores: Float64Array.from(kept, (n) => n.score) };
  }

  /** Scratch space for one query: a score and a mark per product, reused (a mark says which query wrote it). */
  private grow(): void {
    if (this.sums.length >= this.ids.length) return;
    const size = Math.max(64, this.ids.length * 2);
    this.sums = new Float64Array(size);
    this.marks = new Uint32Array(size);
    this.mark = 0;
  }

  private nextMark(): number {
    if (this.mark >= 0xfffffff0) {
      this.marks.fill(0);
      this.mark = 0;
    }
    this.mark += 2;
    return this.mark;
  }
}

/** Adds delta to a counter and drops it at zero, so what is taken back leaves no empty entries behind. */
export function bump(map: Map<string, number>, key: string, delta: number): void {
  const next = (map.get(key) ?? 0) + delta;
  if (next > 0) map.set(key, next);
  else map.delete(key);
}

function bumpPair(row: Map<number, number>, j: number, delta: number): void {
  const next = (row.get(j) ?? 0) + delta;
  if (next > 0) row.set(j, next);
  else row.delete(j);
}
