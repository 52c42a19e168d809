import type { UserRecord } from '../models/user.model';

export interface UserView {
  id: string;
  email: string;
  name: string;
  roles: string[];
  createdAt: string;
}

/** What a client may see of an account: never the password hash, the outbox or other internals. */
export function toUserView(user: UserRecord): UserView {
  return {
    id: user._id.toHexString(),
    email: user.email,
    name: user.name,
    roles: [...user.roles],
    createdAt: user.createdAt.toISOString(),
  };
}
