import type { FastifyBaseLogger } from 'fastify';
import type { StoreDeps } from '../models';
import type { ReplicaState } from './replica-state';

const BATCH = 500;

/**
 * Lays what the store holds over a replica's state: every product, deleted user and purchase (a scan, once per
 * load). Every change of the state is idempotent and none undoes another (a cancelled order, a deleted user stay so;
 * the newer product change wins), so what the state learnt from events meanwhile, stored yet or not, stays. A
 * purchase of a deleted user (stored by a confirmation that raced the deletion) is erased now, by its id.
 */
export async function loadState(
  { store, models }: StoreDeps,
  state: ReplicaState,
  log: FastifyBaseLogger,
): Promise<void> {
  for await (const product of models.products.find().lean().cursor({ batchSize: BATCH })) {
    const info =
      product.name !== undefined && product.price
        ? { name: product.name, price: product.price, category: product.category }
        : undefined;
    state.changeProduct({
      productId: product._id,
      changedAt: product.changedAt.getTime(),
      active: product.active,
      info,
    });
  }
  for await (const user of models.deletedUsers.find({}, { _id: 1 }).lean().cursor({ batchSize: BATCH }))
    state.userDeleted(user._id);
  const strays: string[] = [];
  for await (const purchase of models.purchases.find().lean().cursor({ batchSize: BATCH })) {
    if (purchase.cancelled || !purchase.userId) state.cancel(purchase._id);
    else if (state.isDeleted(purchase.userId)) strays.push(purchase._id);
    else
      state.confirm({
        orderId: purchase._id,
        userId: purchase.userId,
        productIds: purchase.productIds ?? [],
        at: purchase.at?.getTime() ?? 0,
      });
  }
  for (const orderId of strays) await store.remove(models.purchases, orderId, { cancelled: false });
  log.info({ purchases: state.counted, erased: strays.length }, 'recommendations loaded from the store');
}
