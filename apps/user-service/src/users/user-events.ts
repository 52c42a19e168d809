import { createEvent, type EventData } from '@shopwire/contracts';
import type { RequestMeta } from '../identity';
import type { UserDocument } from '../models/user.model';

type UserEventType = 'user.registered' | 'user.updated' | 'user.deleted';

/** Adds the event to the user's outbox: it is stored by the same save as the change it reports. */
export function recordUserEvent<T extends UserEventType>(user: UserDocument, type: T, data: EventData<T>, meta: RequestMeta): void {
  user.outbox.push(createEvent(type, data, { source: 'user-service', correlationId: meta.correlationId, causationId: null }));
}
