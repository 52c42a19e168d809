import type { EventHandler } from '@shopwire/messaging';
import { productChangeOf } from '../recommendations/event-facts';
import { recordProductChange, type RecordDeps } from '../recommendations/record-events';

/** product.created / updated / archived (any version): what lists show of a product, and whether they show it at all. */
export function copyProductOnProductChanged(deps: RecordDeps): EventHandler<'product.created' | 'product.updated' | 'product.archived'> {
  return (event) => recordProductChange(deps, productChangeOf(event));
}
