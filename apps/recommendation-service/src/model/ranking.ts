import type { Scored } from './types';

/** Items of one category allowed in a list of `limit`: 3 in 10, at least 1. */
export function categoryCap(limit: number): number {
  return Math.max(1, Math.floor(0.3 * limit));
}

/** Best score first; equal scores by product id so every list is reproducible. */
export function byScoreThenId(a: Scored, b: Scored): number {
  return b.score - a.score || (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0);
}

/**
 * Fills a list of at most `limit` items from ranked candidate lists, in order, skipping products already in the
 * list and any product whose category has reached the cap. Products without a category are not capped: they share
 * no category with anything, so they cannot crowd one out.
 */
export class CappedList {
  readonly items: Scored[] = [];
  private readonly taken = new Set<string>();
  private readonly perCategory = new Map<string, number>();
  private readonly cap: number;

  constructor(
    private readonly limit: number,
    private readonly categoryOf: (productId: string) => string | undefined,
  ) {
    this.cap = categoryCap(limit);
  }

  get full(): boolean {
    return this.items.length >= this.limit;
  }

  has(productId: string): boolean {
    return this.taken.has(productId);
  }

  /** Adds the item unless it is there already, the list is full or its category is at the cap. */
  offer(item: Scored): boolean {
    if (this.full || this.taken.has(item.productId)) return false;
    const category = this.categoryOf(item.productId);
    if (category !== undefined) {
      const count = this.perCategory.get(category) ?? 0;
      if (count >= this.cap) return false;
      this.perCategory.set(category, count + 1);
    }
    this.taken.add(item.productId);
    this.items.push(item);
    return true;
  }
}
