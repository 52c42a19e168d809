import { createOwnVhost, startSystem, type RunningSystem, type StartOptions } from '@shopwire/testing';

/** The system on a RabbitMQ vhost of its own: `amqpUrl` is the vhost's, and `stop` removes it too. */
export interface OwnSystem extends RunningSystem {
  amqpUrl: string;
}

/**
 * Starts the whole system on a vhost of its own, so that no other running system (another suite, another run) takes
 * its events; `admin`, when given, is the account the system makes its admin (ADMIN_EMAIL, ADMIN_PASSWORD).
 */
export async function startSystemOnOwnVhost(
  env: Record<string, string> = {},
  admin?: { email: string; password: string },
  opts?: StartOptions,
): Promise<OwnSystem> {
  const vhost = await createOwnVhost();
  const adminEnv: Record<string, string> = admin ? { ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password } : {};
  try {
    const system = await startSystem({ AMQP_URL: vhost.amqpUrl, ...adminEnv, ...env }, opts);
    return {
      ...system,
      amqpUrl: vhost.amqpUrl,
      stop: async () => {
        await system.stop();
        await vhost.remove();
      },
    };
  } catch (error) {
    await vhost.remove();
    throw error;
  }
}
