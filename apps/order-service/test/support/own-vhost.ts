import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { testEnv, unique } from '@shopwire/testing';

const exec = promisify(execFile);
const rabbitmqctl = (...args: string[]) => exec('rabbitmqctl', args);

/**
 * A RabbitMQ virtual host for one test file. On the shared vhost every service's test instance is bound to the
 * same exchange, so another test's catalog would answer this test's order.placed (and did).
 */
export async function ownVhost(prefix: string): Promise<{ url: string; remove(): Promise<void> }> {
  const name = unique(prefix);
  const shared = new URL(testEnv.amqpUrl);
  await rabbitmqctl('add_vhost', name);
  await rabbitmqctl('set_permissions', '-p', name, decodeURIComponent(shared.username || 'guest'), '.*', '.*', '.*');
  const url = new URL(shared);
  url.pathname = `/${encodeURIComponent(name)}`;
  return { url: url.toString(), remove: async () => void (await rabbitmqctl('delete_vhost', name)) };
}
