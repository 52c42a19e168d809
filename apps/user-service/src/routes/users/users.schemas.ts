import { Type } from '@sinclair/typebox';
import { ROLES } from '../../models/user.model';

export const EmailSchema = Type.String({ format: 'email', maxLength: 254 });
// At least one visible character; the length bound keeps events and pages small.
export const NameSchema = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
export const RoleSchema = Type.Union(ROLES.map((role) => Type.Literal(role)));

export const UserSchema = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    roles: Type.Array(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

export const AddressInputSchema = Type.Object(
  {
    label: Text(50),
    line1: Text(200),
    line2: Type.Optional(Type.String({ maxLength: 200 })),
    city: Text(100),
    postalCode: Text(20),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
  },
  { additionalProperties: false },
);

export const AddressSchema = Type.Object({ id: Type.String(), ...AddressInputSchema.properties }, { additionalProperties: false });

export const bearer = [{ bearerAuth: [] }];
