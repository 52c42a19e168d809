#!/usr/bin/env node
// npm start: the whole system on this machine. Store and broker first (started here when missing), then a build,
// then the services and the gateway; Ctrl-C stops the children and whatever infrastructure this started.
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ensureStore, stopStore } from './store.mjs';
import { ensureBroker } from './broker.mjs';
import { GATEWAY, SERVICES, serviceEnv } from './lib/services.mjs';
import { log, reexecUnderPinnedNode, root, waitUntil } from './lib/infra.mjs';

await reexecUnderPinnedNode();

const children = [];
let store;
let stopping = false;

// Up means ready with every dependency up (/health): a service's broker, the gateway's services.
async function isUp(port) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(4000) });
    return (await response.json()).status === 'ready';
  } catch {
    return false;
  }
}

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  log('start', 'stopping');
  await Promise.all(
    children
      .filter((c) => c.exitCode === null)
      .map(
        (c) =>
          new Promise((resolve) => {
            c.once('exit', resolve);
            c.kill('SIGTERM');
          }),
      ),
  );
  if (store?.startedHere) await stopStore();
  process.exit(code);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  store = await ensureStore();
  await ensureBroker();
} catch (error) {
  console.error(error.message);
  if (store?.startedHere) await stopStore();
  process.exit(1);
}

log('start', 'building');
execFileSync('npx', ['nx', 'run-many', '-t', 'build', '--output-style=static'], { cwd: root, stdio: 'inherit' });

// What a local run adds to each service's environment; variables set by the caller win.
const LOCAL_DEFAULTS = {
  // The catalog loads its demo products once (an explicit SEED_DEMO_CATALOG=false keeps it empty).
  'catalog-service': { SEED_DEMO_CATALOG: 'true' },
  // An admin account for trying the admin routes; for local runs only, never a service default.
  'user-service': { ADMIN_EMAIL: 'admin@shopwire.local', ADMIN_PASSWORD: 'shopwire-admin' },
  // The test doubles, chosen here because no service defaults to them: the built-in payment provider (every card
  // but tok_decline* is approved) and emails as .eml files under .data/mail (MAIL_TRANSPORT=smtp with SMTP_URL sends).
  'order-service': { PAYMENT_PROVIDER: 'test' },
  'notification-service': { MAIL_TRANSPORT: 'file' },
};
// The gateway proves to user-service that it forwarded a login (so the client address it names is believed): one
// fresh secret per local run, unless the caller set one.
const gatewaySecret = process.env.GATEWAY_SECRET ?? randomBytes(32).toString('base64url');
LOCAL_DEFAULTS['user-service'].GATEWAY_SECRET = gatewaySecret;
LOCAL_DEFAULTS['api-gateway'] = { GATEWAY_SECRET: gatewaySecret };
const admin = { ...LOCAL_DEFAULTS['user-service'], ...serviceEnv(SERVICES[0]) };

for (const service of SERVICES) {
  const child = spawn(process.execPath, ['--enable-source-maps', join(root, 'dist', 'apps', service.name, 'main.js')], {
    cwd: root,
    env: { ...LOCAL_DEFAULTS[service.name], ...serviceEnv(service) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log('start', `${service.name} exited (${signal ?? code}); stopping everything`);
      void stopAll(1);
    }
  });
  children.push(child);
}

await waitUntil(
  async () => (await Promise.all(SERVICES.map((s) => isUp(serviceEnv(s).PORT)))).every(Boolean),
  60000,
  'all services',
);
console.log(`
Shopwire is up.
  gateway        http://localhost:${serviceEnv(GATEWAY).PORT}
  health         http://localhost:${serviceEnv(GATEWAY).PORT}/health
  API docs       http://localhost:${serviceEnv(GATEWAY).PORT}/docs
  admin account  ${admin.ADMIN_EMAIL} / ${process.env.ADMIN_PASSWORD ? '(the password in ADMIN_PASSWORD)' : admin.ADMIN_PASSWORD}
${SERVICES.filter((s) => s !== GATEWAY)
  .map((s) => `  ${s.name.padEnd(22)} http://127.0.0.1:${serviceEnv(s).PORT}`)
  .join('\n')}
Ctrl-C stops everything.`);
