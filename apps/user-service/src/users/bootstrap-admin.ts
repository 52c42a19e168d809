import type { Identity } from '../identity';
import { hashPassword } from '../auth/passwords';
import { createAccount, findAccountByEmail } from './accounts';

export type BootstrapOutcome = 'created' | 'promoted' | 'unchanged';

// A round misses only when someone registers the same email at that moment; the next one promotes that account.
const ROUNDS = 3;

/**
 * Makes sure the configured admin account exists and holds the admin role. An existing account keeps its password:
 * the variables seed the account, they do not reset it.
 */
export async function bootstrapAdmin(identity: Identity, admin: { email: string; password: string }): Promise<BootstrapOutcome> {
  const { store, users } = identity;
  for (let round = 1; ; round++) {
    const existing = await findAccountByEmail(identity, admin.email);
    if (existing) {
      if (existing.roles.includes('admin')) return 'unchanged';
      const promoted = await store.update(users, existing._id, { deletedAt: null, roles: { $ne: 'admin' } }, { $push: { roles: 'admin' } });
      return promoted ? 'promoted' : 'unchanged';
    }
    const created = await createAccount(identity, { email: admin.email, name: 'Administrator', passwordHash: await hashPassword(admin.password), roles: ['customer', 'admin'] }, { correlationId: 'admin-bootstrap' });
    // Undefined: someone registered this email at the same moment; that account is promoted in the next round.
    if (created) return 'created';
    if (round >= ROUNDS) throw new Error('the admin email kept changing hands');
  }
}
