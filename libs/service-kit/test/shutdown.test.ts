import { build } from 'esbuild';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess, withDeadline } from '@shopwire/testing';

const root = join(__dirname, '..', '..', '..');

// Bundled inside the repo so the bundle resolves the workspace's node_modules, as a built app does.
async function bundleFixture(): Promise<string> {
  mkdirSync(join(root, '.data'), { recursive: true });
  const outfile = join(mkdtempSync(join(root, '.data', 'slow-service-')), 'main.js');
  await build({
    entryPoints: [join(__dirname, 'fixtures', 'slow-service.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    tsconfig: join(root, 'tsconfig.base.json'),
    logLevel: 'error',
  });
  return outfile;
}

describe('graceful shutdown', () => {
  it('when SIGTERM arrives during an in-flight request, then the request completes and the process exits 0 within 10 s', async () => {
    const main = await bundleFixture();
    const proc = startProcess(process.execPath, [main], { env: { ...process.env, PORT: '0' } });
    const line = await proc.waitForOutput(/listening on port/);
    const { port } = JSON.parse(line);

    const inFlight = fetch(`http://127.0.0.1:${port}/slow`);
    await proc.waitForOutput(/slow work started/);
    const signalledAt = Date.now();
    proc.child.kill('SIGTERM');

    const response = await withDeadline(inFlight, 10000, 'the in-flight response');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ finished: true });
    const exit = await withDeadline(proc.exited, 10000, 'exit after SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalledAt).toBeLessThan(10000);
    await expect(fetch(`http://127.0.0.1:${port}/slow`)).rejects.toThrow();
  });

  it('when a config variable is bad, then the process exits 1 with one line naming it', async () => {
    const main = await bundleFixture();
    const proc = startProcess(process.execPath, [main], { env: { ...process.env, WORK_MS: 'soon' } });
    const exit = await withDeadline(proc.exited, 10000, 'exit');
    expect(exit.code).toBe(1);
    expect(proc.output().trim()).toBe('slow-service: Invalid configuration: WORK_MS must be integer');
  });
});
