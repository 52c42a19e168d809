import type { Identity } from '../identity';
import { normalizeEmail } from '../models/user.model';
import { hashPassword } from '../auth/passwords';
import { isDuplicateKey } from '../auth/register';
import { recordUserEvent } from './user-events';

export type BootstrapOutcome = 'created' | 'promoted' | 'unchanged';

/**
 * Makes sure the configured admin account exists and holds the admin role. An existing account keeps its password:
 * the variables seed the account, they do not reset it.
 */
export async function bootstrapAdmin(identity: Identity, admin: { email: string; password: string }): Promise<BootstrapOutcome> {
  await identity.users.init();
  const emailNormalized = normalizeEmail(admin.email);
  const promoted = await identity.users.updateOne({ emailNormalized, deletedAt: null, roles: { $ne: 'admin' } }, { $push: { roles: 'admin' } });
  if (promoted.modifiedCount > 0) return 'promoted';
  if (await identity.users.exists({ emailNormalized, deletedAt: null })) return 'unchanged';

  const user = new identity.users({ email: admin.email.trim(), emailNormalized, name: 'Administrator', passwordHash: await hashPassword(admin.password), roles: ['customer', 'admin'] });
  recordUserEvent(user, 'user.registered', { userId: user.id as string, email: user.email, name: user.name }, { correlationId: 'admin-bootstrap' });
  try {
    await user.save();
  } catch (error) {
    // Another replica created it at the same moment.
    if (isDuplicateKey(error)) return bootstrapAdmin(identity, admin);
    throw error;
  }
  identity.publishEvents();
  return 'created';
}
