import { isDuplicateKey } from '@shopwire/service-kit';
import type { Basket } from '../model';
import type { StoreDeps } from '../models';
import type { ProductChange, ReplicaState } from './replica-state';

/** What the durable consumer needs: the store, and the memory of the replica that handles the event. */
export interface RecordDeps extends StoreDeps {
  state(): ReplicaState;
}

/**
 * order.confirmed: stores the basket (an insert keyed by the order), unless the order was cancelled first (its
 * tombstone is there) or its user deleted, and counts it. A redelivery finds its own insert and counts nothing twice.
 */
export async function recordPurchase({ store, models, state }: RecordDeps, purchase: Basket): Promise<void> {
  if (state().isDeleted(purchase.userId) || (await store.get(models.deletedUsers, purchase.userId, { _id: 1 }))) return;
  try {
    await store.insert(models.purchases, {
      _id: purchase.orderId,
      userId: purchase.userId,
      productIds: purchase.productIds,
      at: new Date(purchase.at),
      cancelled: false,
    });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const stored = await store.get(models.purchases, purchase.orderId, { cancelled: 1 });
    if (stored?.cancelled) return state().cancel(purchase.orderId);
  }
  state().confirm(purchase);
}

/** order.cancelled: the order's purchase becomes a tombstone (only its id), or is one from the start when it comes first. */
export async function recordCancellation({ store, models, state }: RecordDeps, orderId: string): Promise<void> {
  try {
    await store.insert(models.purchases, { _id: orderId, cancelled: true });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    await store.update(models.purchases, orderId, undefined, {
      $set: { cancelled: true },
      $unset: { userId: 1, productIds: 1, at: 1 },
    });
  }
  state().cancel(orderId);
}

/** product.created / updated / archived: the copy changes unless the store holds a newer one (events may overtake). */
export async function recordProductChange({ store, models, state }: RecordDeps, change: ProductChange): Promise<void> {
  const changedAt = new Date(change.changedAt);
  const { name, price, category } = change.info ?? {};
  // Only what the event says: an archive keeps the name and price, a version-1 event keeps the category.
  const fields = {
    ...(name === undefined ? {} : { name }),
    ...(price ? { price } : {}),
    ...(category === undefined ? {} : { category }),
    active: change.active,
    changedAt,
  };
  const newer = { changedAt: { $lte: changedAt } };
  if (!(await store.update(models.products, change.productId, newer, { $set: fields }))) {
    try {
      await store.insert(models.products, { _id: change.productId, ...fields });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // Written meanwhile: the conditional update settles which change is newer.
      await store.update(models.products, change.productId, newer, { $set: fields });
    }
  }
  state().changeProduct(change);
}

/** user.deleted: the user is remembered as deleted, then each purchase of theirs goes, by its id. */
export async function eraseUser({ store, models, state }: RecordDeps, userId: string): Promise<void> {
  try {
    await store.insert(models.deletedUsers, { _id: userId, at: new Date() });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  for (const orderId of state().forgetUser(userId)) await store.remove(models.purchases, orderId, { cancelled: false });
}
