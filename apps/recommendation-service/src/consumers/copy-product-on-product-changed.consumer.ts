import { defineConsumer } from '@shopwire/messaging';
import { productChangeOf } from '../recommendations/event-facts';
import { recordProductChange, type RecordDeps } from '../recommendations/record-events';

/** product.created / updated / archived (any version): what lists show of a product, and whether they show it at all. */
export const copyProductOnProductChanged = defineConsumer(
  ['product.created', 'product.updated', 'product.archived'],
  (deps: RecordDeps) => (event) => recordProductChange(deps, productChangeOf(event)),
);
