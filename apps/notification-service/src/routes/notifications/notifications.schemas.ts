import { Type } from '@sinclair/typebox';
import { Int32, NextCursor, OptionalDefaults } from '@shopwire/service-kit';
import { InboxItemSchema } from '../../notifications/inbox-item';

export const bearer = [{ bearerAuth: [] }];
const MAX_PAGE = 100;
const CURSOR_MAX = 200;

export const ListQuerySchema = OptionalDefaults(
  Type.Object(
    {
      unread: Type.Optional(Type.Boolean({ description: 'true: unread only; false: read only; absent: all' })),
      limit: Int32(1, MAX_PAGE, { default: 20 }),
      cursor: Type.Optional(
        Type.String({ minLength: 1, maxLength: CURSOR_MAX, description: 'nextCursor of the previous page' }),
      ),
    },
    { additionalProperties: false },
  ),
);

export const PageSchema = Type.Object(
  { items: Type.Array(InboxItemSchema, { maxItems: MAX_PAGE }), nextCursor: NextCursor(CURSOR_MAX) },
  { additionalProperties: false },
);

export const IdParamsSchema = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

export const PreferencesSchema = Type.Object(
  {
    email: Type.Boolean({ description: 'send emails' }),
    inApp: Type.Boolean({ description: 'keep in-app notifications and push them live' }),
  },
  { additionalProperties: false },
);

export const StreamHeadersSchema = Type.Object({
  'last-event-id': Type.Optional(
    Type.String({
      pattern: '^[0-9]{1,15}$',
      maxLength: 15,
      description: 'the id of the last event received; what came after it is sent first',
    }),
  ),
});

export { InboxItemSchema };
