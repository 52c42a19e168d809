#!/usr/bin/env node
// npm test: the formatting (Prettier), lint, typecheck and build of every project, then every project's tests against the real store and broker
// (started here when they are not running). Exits non-zero on any failure and ends with one summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureStore, stopStore } from './store.mjs';
import { ensureBroker } from './broker.mjs';
import { reexecUnderPinnedNode, root } from './lib/infra.mjs';

await reexecUnderPinnedNode();

const resultsDir = join(root, '.data', 'test-results');
const env = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', JEST_RESULTS_DIR: resultsDir };

function nx(args) {
  const run = spawnSync('npx', ['nx', 'run-many', ...args, '--output-style=static'], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  return run.status === 0;
}

/** Prettier's check over the tree (.prettierignore leaves prose and manifests out); `npm run format` fixes it. */
function formatted() {
  const run = spawnSync('npx', ['prettier', '--check', '--log-level=warn', '.'], { cwd: root, env, stdio: 'inherit' });
  if (run.status !== 0) console.error('formatting: run `npm run format` and commit the result');
  return run.status === 0;
}

function summary() {
  let passed = 0;
  let failed = 0;
  if (existsSync(resultsDir)) {
    for (const file of readdirSync(resultsDir)) {
      const result = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
      passed += result.numPassedTests;
      failed += result.numFailedTests + (result.numRuntimeErrorTestSuites ?? 0);
    }
  }
  return { passed, failed };
}

// The runtime is the one package.json pins (devDependency `node`, first on the PATH of npm scripts).
console.log(`node ${process.version} (${process.execPath})`);
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });
const store = await ensureStore();
await ensureBroker();
let ok = false;
try {
  const checked = formatted() && nx(['-t', 'lint', 'typecheck', 'build', '--parallel=2']);
  const tested = checked && nx(['-t', 'test', '--parallel=1']);
  ok = checked && tested;
} finally {
  if (store.startedHere) await stopStore();
}
const { passed, failed } = summary();
console.log(`\nnode ${process.version}\ntests: ${passed} passed, ${failed} failed`);
if (!ok || failed > 0 || passed === 0) {
  console.error(ok ? 'no tests ran' : 'npm test failed: see the first failing target above');
  process.exit(1);
}
