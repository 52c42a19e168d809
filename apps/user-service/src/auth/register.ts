import { conflict } from '@shopwire/service-kit';
import type { UserServiceDeps } from '../deps';
import type { EventCause } from '@shopwire/contracts';
import { createAccount } from '../users/accounts';
import { toUserView, type UserView } from '../users/user-view';
import { hashPassword } from './passwords';

export interface Registration {
  email: string;
  password: string;
  name: string;
}

/** A new customer account; the email is unique whatever its letter case. */
export async function register(deps: UserServiceDeps, input: Registration, meta: EventCause): Promise<UserView> {
  const user = await createAccount(
    deps,
    { email: input.email, name: input.name, passwordHash: await hashPassword(input.password), roles: ['customer'] },
    meta,
  );
  if (!user) throw conflict('EMAIL_TAKEN', 'An account with this email already exists.');
  return toUserView(user);
}
