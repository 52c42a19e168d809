import fp from 'fastify-plugin';
import { bootstrapAdmin } from '../users/bootstrap-admin';

const RETRY_MS = 2000;

/**
 * Seeds the configured admin once the store answers. The service starts without its store, so this waits for the
 * first connection (and retries a failed attempt) instead of holding up the start.
 */
export const adminBootstrapPlugin = fp(
  async (app, admin: { email: string; password: string }) => {
    let timer: NodeJS.Timeout | undefined;
    let closing = false;
    const attempt = async (): Promise<void> => {
      try {
        const outcome = await bootstrapAdmin(app.identity, admin);
        app.log.info({ admin: admin.email, outcome }, 'admin account ready');
      } catch (err) {
        if (closing) return;
        app.log.warn({ err: { message: (err as Error).message } }, 'admin account not seeded yet; retrying');
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
  },
  { name: 'user-admin-bootstrap', dependencies: ['user-identity'] },
);
