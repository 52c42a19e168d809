import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { startProcess, type RunningProcess } from '@shopwire/testing';

const ROOT = join(__dirname, '..', '..', '..', '..');
let bundled: string | undefined;

/** The fixture service bundled once per test file (esbuild, like the real apps), started as a child process. */
export function startFixtureService(env: Record<string, string>): RunningProcess {
  if (!bundled) {
    // Inside the repo, so the external npm packages resolve from its node_modules.
    const base = join(ROOT, 'dist', 'test-fixtures');
    mkdirSync(base, { recursive: true });
    bundled = join(mkdtempSync(join(base, 'messaging-')), 'main.js');
    buildSync({
      entryPoints: [join(__dirname, '..', 'fixtures', 'fixture-service.main.ts')],
      outfile: bundled,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      tsconfig: join(ROOT, 'tsconfig.base.json'),
      logLevel: 'error',
      absWorkingDir: ROOT,
    });
  }
  return startProcess(process.execPath, [bundled], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', PORT: '0', ...env },
  });
}
