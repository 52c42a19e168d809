import type { ServiceApp } from '@shopwire/service-kit';
import type { UserServiceDeps } from '../deps';
import { bootstrapAdmin } from './bootstrap-admin';
import { keyExistingEmails } from './key-existing-emails';
import { publishExistingAddresses } from './publish-existing-addresses';

const RETRY_MS = 2000;

/**
 * Start-up work on the accounts once the store answers: keys for the emails of accounts older than the keys, the
 * address books saved before they were published, then the configured admin (which needs the keys). The service starts without its store, so this waits for the first
 * connection (and retries a failed attempt) instead of holding up the start.
 */
export function addAccountSetup(
  app: ServiceApp,
  deps: UserServiceDeps,
  admin: { email: string; password: string } | undefined,
): void {
  let timer: NodeJS.Timeout | undefined;
  let closing = false;
  const attempt = async (): Promise<void> => {
    try {
      const keyed = await keyExistingEmails(deps);
      if (keyed > 0) app.log.info({ keyed }, 'emails of existing accounts keyed');
      const published = await publishExistingAddresses(deps);
      if (published > 0) app.log.info({ published }, 'address books of existing accounts published');
      if (admin) {
        const outcome = await bootstrapAdmin(deps, admin);
        if (outcome === 'taken')
          app.log.warn(
            { admin: admin.email },
            'ADMIN_EMAIL belongs to an account without the admin role; it is left as it is and no admin is created',
          );
        else app.log.info({ admin: admin.email, outcome }, 'admin account ready');
      }
    } catch (err) {
      if (closing) return;
      app.log.warn({ err: { message: (err as Error).message } }, 'account setup not done yet; retrying');
      timer = setTimeout(() => void attempt(), RETRY_MS);
    }
  };
  app.addHook('onReady', async () => {
    if (app.mongo.readyState === 1) void attempt();
    else app.mongo.once('connected', () => void attempt());
  });
  app.addHook('onClose', async () => {
    closing = true;
    clearTimeout(timer);
  });
}
