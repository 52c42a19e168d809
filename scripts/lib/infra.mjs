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
