import type { UserServiceDeps } from '../deps';
import { hashPassword } from '../auth/passwords';
import { createAccount, findAccountByEmail } from './accounts';

/** created: the account was made; admin: it exists with the admin role; taken: an account without the role holds the email and is left as it is. */
export type BootstrapOutcome = 'created' | 'admin' | 'taken';

// A round misses only when someone registers the same email at that moment; the next one finds that account.
const ROUNDS = 3;

/**
 * Creates the configured admin account when no live account holds its email. An existing account is never
 * changed: not its password (the variables seed the account, they do not reset it) and not its roles — a deleted
 * admin's address registered again by someone else must not make that someone admin at the next start.
 */
export async function bootstrapAdmin(
  deps: UserServiceDeps,
  admin: { email: string; password: string },
): Promise<BootstrapOutcome> {
  for (let round = 1; ; round++) {
    const existing = await findAccountByEmail(deps, admin.email);
    if (existing) return existing.roles.includes('admin') ? 'admin' : 'taken';
    const created = await createAccount(
      deps,
      {
        email: admin.email,
        name: 'Administrator',
        passwordHash: await hashPassword(admin.password),
        roles: ['customer', 'admin'],
      },
      { correlationId: 'admin-bootstrap' },
    );
    // Undefined: someone registered this email at the same moment; the next round finds that account.
    if (created) return 'created';
    if (round >= ROUNDS) throw new Error('the admin email kept changing hands');
  }
}
