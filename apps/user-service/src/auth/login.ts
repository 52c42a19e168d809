import type { UserServiceDeps } from '../deps';
import { normalizeEmail } from '../models/user.model';
import { findAccountByEmail } from '../users/accounts';
import { invalidCredentials, tooManyLoginAttempts } from './auth-errors';
import { passwordMatches } from './passwords';
import { startSession, type TokenPair } from './sessions';

export interface Credentials {
  email: string;
  password: string;
}

/** Checks the password (throttled per account and client address together, and per address) and starts a session. */
export async function login(deps: UserServiceDeps, input: Credentials, clientAddress: string): Promise<TokenPair> {
  const account = normalizeEmail(input.email);
  const waitMs = await deps.throttle.blockedFor(account, clientAddress);
  if (waitMs > 0) throw tooManyLoginAttempts(waitMs);

  const user = await findAccountByEmail(deps, account);
  const matches = await passwordMatches(user?.passwordHash, input.password);
  if (!user || !matches) {
    await deps.throttle.recordFailure(account, clientAddress);
    throw invalidCredentials();
  }
  await deps.throttle.recordSuccess(account, clientAddress);
  return startSession(deps, user);
}
