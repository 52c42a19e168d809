import type { EventHandler } from '@shopwire/messaging';
import { eraseUser, type RecordDeps } from '../recommendations/record-events';

/** user.deleted: the user's purchases leave the store and every list. */
export function eraseUserOnUserDeleted(deps: RecordDeps): EventHandler<'user.deleted'> {
  return (event) => eraseUser(deps, event.data.userId);
}
