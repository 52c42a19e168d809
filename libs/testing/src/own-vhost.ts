import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { testEnv, unique } from './ports';

const run = promisify(execFile);

export interface OwnVhost {
  amqpUrl: string;
  remove(): Promise<void>;
}

/**
 * A RabbitMQ virtual host of the test's own: the services' queues (`catalog.events`…) are shared names, and a
 * built service consuming on the shared vhost would take other tests' messages.
 */
export async function createOwnVhost(): Promise<OwnVhost> {
  const vhost = unique('test');
  const url = new URL(testEnv.amqpUrl);
  await run('rabbitmqctl', ['add_vhost', vhost]);
  await run('rabbitmqctl', [
    'set_permissions',
    '-p',
    vhost,
    decodeURIComponent(url.username || 'guest'),
    '.*',
    '.*',
    '.*',
  ]);
  url.pathname = `/${encodeURIComponent(vhost)}`;
  return {
    amqpUrl: url.toString(),
    remove: async () => {
      await run('rabbitmqctl', ['delete_vhost', vhost]);
    },
  };
}
