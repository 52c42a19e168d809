import type { Money } from '@shopwire/contracts';
import { notFound } from '@shopwire/service-kit';
import type { Scored } from '../model';
import type { ReplicaState } from './replica-state';

export interface RecommendedItem {
  productId: string;
  name: string;
  price: Money;
  score: number;
}

function itemsOf(state: ReplicaState, scored: Scored[]): { items: RecommendedItem[] } {
  const items: RecommendedItem[] = [];
  for (const { productId, score } of scored) {
    const product = state.model.product(productId);
    if (product?.active)
      items.push({
        productId,
        name: product.name,
        price: { amount: product.price.amount, currency: product.price.currency },
        score,
      });
  }
  return { items };
}

/** "Bought together" with one product; a product this service does not know as active is a 404, like at catalog. */
export function alsoBought(state: ReplicaState, productId: string, limit: number): { items: RecommendedItem[] } {
  if (!state.model.product(productId)?.active)
    throw notFound('PRODUCT_NOT_FOUND', `No product ${productId} to recommend with.`);
  return itemsOf(state, state.model.alsoBought(productId, limit));
}

/** "For you": like what the user bought and not it; the best sellers for a user who bought nothing yet. */
export function forUser(state: ReplicaState, userId: string, limit: number): { items: RecommendedItem[] } {
  return itemsOf(state, state.model.forUser(userId, limit));
}
