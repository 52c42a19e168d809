import { SingleLineText } from '@shopwire/contracts';
import { Type } from '@sinclair/typebox';
import { PostalAddressSchema } from '@shopwire/contracts';
import { Int32, NextCursor, ObjectIdString, OptionalDefaults, Timestamp } from '@shopwire/service-kit';
import { MAX_ADDRESSES, ROLES } from '../../models/user.model';

export const EmailSchema = Type.String({ format: 'email', maxLength: 254 });
// At least one visible character; the length bound keeps events and pages small.
// One visible character at least, and no control characters (a name is written into emails).
export const NameSchema = SingleLineText({ minLength: 1, maxLength: 100, notBlank: true });
export const RoleSchema = Type.Union(ROLES.map((role) => Type.Literal(role)));
export const RolesSchema = Type.Array(RoleSchema, { minItems: 1, maxItems: ROLES.length, uniqueItems: true });
const MAX_PAGE = 100;
// What a page's cursor may be, coming in and going out.
const CURSOR_MAX = 200;
export const PageQuerySchema = OptionalDefaults(
  Type.Object(
    { limit: Int32(1, MAX_PAGE, { default: 20 }), cursor: Type.Optional(Type.String({ maxLength: CURSOR_MAX })) },
    { additionalProperties: false },
  ),
);

export const UserSchema = Type.Object(
  {
    id: ObjectIdString,
    email: EmailSchema,
    name: Type.String({ maxLength: 100 }),
    roles: Type.Array(Type.String({ enum: [...ROLES] }), { maxItems: ROLES.length }),
    createdAt: Timestamp(),
  },
  { additionalProperties: false },
);

// One shape with an order's shipping address (the contracts): `name` is the recipient.
export const AddressInputSchema = PostalAddressSchema;

export const AddressSchema = Type.Object(
  { id: ObjectIdString, ...AddressInputSchema.properties },
  { additionalProperties: false },
);
export const AddressListSchema = Type.Object(
  { items: Type.Array(AddressSchema, { maxItems: MAX_ADDRESSES }) },
  { additionalProperties: false },
);

export const UserPageSchema = Type.Object({
  items: Type.Array(UserSchema, { maxItems: MAX_PAGE }),
  nextCursor: NextCursor(CURSOR_MAX),
});

export const bearer = [{ bearerAuth: [] }];
