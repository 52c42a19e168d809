import { Type } from '@sinclair/typebox';
import { InboxItemSchema } from '../../notifications/inbox-item';

export const bearer = [{ bearerAuth: [] }];

export const ListQuerySchema = Type.Object(
  {
    unread: Type.Optional(Type.Boolean({ description: 'true: unread only; false: read only; absent: all' })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);

export const PageSchema = Type.Object(
  { items: Type.Array(InboxItemSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) },
  { additionalProperties: false },
);

export const IdParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

export const PreferencesSchema = Type.Object(
  {
    email: Type.Boolean({ description: 'send emails' }),
    inApp: Type.Boolean({ description: 'keep in-app notifications and push them live' }),
  },
  { additionalProperties: false },
);

export const StreamHeadersSchema = Type.Object({
  'last-event-id': Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$', description: 'the id of the last event received; what came after it is sent first' })),
});

export { InboxItemSchema };
