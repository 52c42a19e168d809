import { CoPurchaseModel, type Basket, type ProductInfo } from '../model';

/** A product as of one event (`changedAt`, ms since the epoch); an archived one is `active: false`. */
export interface ProductChange {
  productId: string;
  changedAt: number;
  info?: Omit<ProductInfo, 'productId' | 'active'>;
  active: boolean;
}

/**
 * What one replica knows, in memory: the co-purchase model plus what decides whether an event still counts,
 * whatever order events arrive in and however often (from the durable queue, this replica's feed, or the store at
 * start): a cancelled order never counts again, a deleted user's orders never count again, an older product event
 * never overwrites a newer one.
 */
export class ReplicaState {
  readonly model = new CoPurchaseModel();
  private readonly cancelled = new Set<string>();
  /** Deleted users, with the orders of theirs this replica had counted (so each can still be erased from the store). */
  private readonly deletedUsers = new Map<string, Set<string>>();
  private readonly productChangedAt = new Map<string, number>();
  private purchases = 0;

  /** Purchases counted now (confirmed, not cancelled, of users not deleted). */
  get counted(): number {
    return this.purchases;
  }

  isDeleted(userId: string): boolean {
    return this.deletedUsers.has(userId);
  }

  /** Counts a confirmed order unless it was cancelled or its user deleted; false when it does not count (again). */
  confirm(purchase: Basket): boolean {
    if (this.cancelled.has(purchase.orderId) || this.deletedUsers.has(purchase.userId)) return false;
    const added = this.model.addBasket(purchase);
    if (added) this.purchases++;
    return added;
  }

  /** Takes an order's contribution back, for good (a confirmation arriving later counts for nothing). */
  cancel(orderId: string): void {
    this.cancelled.add(orderId);
    if (this.model.removeBasket(orderId)) this.purchases--;
  }

  /** Applies a product change unless a newer one is applied already; true when it was applied. */
  changeProduct(change: ProductChange): boolean {
    const held = this.productChangedAt.get(change.productId);
    if (held !== undefined && held > change.changedAt) return false;
    this.productChangedAt.set(change.productId, change.changedAt);
    const known = this.model.product(change.productId);
    // A version-1 product event carries no category: the one known stays.
    const info = change.info
      ? { ...change.info, category: change.info.category ?? known?.category }
      : known && { name: known.name, price: known.price, category: known.category };
    // A product archived before this replica heard of it is remembered by its time only: it is never shown.
    if (info) this.model.upsertProduct({ ...info, productId: change.productId, active: change.active });
    return true;
  }

  /** Forgets every purchase of a deleted user; returns the orders of theirs this replica ever counted (to erase). */
  forgetUser(userId: string): string[] {
    const erased = this.deletedUsers.get(userId) ?? new Set<string>();
    this.deletedUsers.set(userId, erased);
    for (const orderId of this.model.forgetUser(userId)) {
      erased.add(orderId);
      this.purchases--;
    }
    return [...erased];
  }

  /** Marks a user deleted as the store says (at start). */
  userDeleted(userId: string): void {
    if (!this.deletedUsers.has(userId)) this.deletedUsers.set(userId, new Set<string>());
  }
}
