/** An array kept in order by a comparator: binary-searched inserts and removals, walked forwards or backwards. */
export class SortedList<T> {
  private items: T[] = [];

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get length(): number {
    return this.items.length;
  }

  at(index: number): T | undefined {
    return this.items[index];
  }

  /** The first index whose item is not before `probe` (compare(item, probe) >= 0). */
  lowerBound(probe: (item: T) => number): number {
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (probe(this.items[mid] as T) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  insert(item: T): void {
    this.items.splice(
      this.lowerBound((other) => this.compare(other, item)),
      0,
      item,
    );
  }

  /** Removes the item that compares equal to `item` (same sort key and id); false when there is none. */
  remove(item: T): boolean {
    const index = this.lowerBound((other) => this.compare(other, item));
    if (index >= this.items.length || this.compare(this.items[index] as T, item) !== 0) return false;
    this.items.splice(index, 1);
    return true;
  }

  /** Puts `item` where its equal (same key and id) is, in place; false when there is none. */
  replace(item: T): boolean {
    const index = this.lowerBound((other) => this.compare(other, item));
    if (index >= this.items.length || this.compare(this.items[index] as T, item) !== 0) return false;
    this.items[index] = item;
    return true;
  }

  static from<T>(items: T[], compare: (a: T, b: T) => number): SortedList<T> {
    const list = new SortedList(compare);
    list.items = [...items].sort(compare);
    return list;
  }
}
