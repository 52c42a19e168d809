import { defineConsumer } from '@shopwire/messaging';
import { eraseUser, type RecordDeps } from '../recommendations/record-events';

/** user.deleted: the user's purchases leave the store and every list. */
export const eraseUserOnUserDeleted = defineConsumer(
  'user.deleted',
  (deps: RecordDeps) => (event) => eraseUser(deps, event.data.userId),
);
