import { conflict } from '@shopwire/service-kit';
import type { Identity, RequestMeta } from '../identity';
import { normalizeEmail } from '../models/user.model';
import { recordUserEvent } from '../users/user-events';
import { toUserView, type UserView } from '../users/user-view';
import { hashPassword } from './passwords';

export interface Registration {
  email: string;
  password: string;
  name: string;
}

export const isDuplicateKey = (error: unknown): boolean => (error as { code?: number }).code === 11000;

/** A new customer account; the email is unique whatever its letter case. */
export async function register(identity: Identity, input: Registration, meta: RequestMeta): Promise<UserView> {
  // The unique index must exist before the first insert, or two spellings of one email could both get in.
  await identity.users.init();
  const user = new identity.users({
    email: input.email.trim(),
    emailNormalized: normalizeEmail(input.email),
    name: input.name,
    passwordHash: await hashPassword(input.password),
    roles: ['customer'],
  });
  recordUserEvent(user, 'user.registered', { userId: user.id as string, email: user.email, name: user.name }, meta);
  try {
    await user.save();
  } catch (error) {
    if (isDuplicateKey(error)) throw conflict('EMAIL_TAKEN', 'An account with this email already exists.');
    throw error;
  }
  identity.publishEvents();
  return toUserView(user);
}
