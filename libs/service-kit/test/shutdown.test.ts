import { join } from 'node:path';
import { bundleEntry, startProcess, withDeadline } from '@shopwire/testing';

// Bundled inside the repo so the bundle resolves the workspace's node_modules, as a built app does.
const bundleFixture = (): Promise<string> =>
  bundleEntry(join(__dirname, 'fixtures', 'slow-service.ts'), 'slow-service');

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

  it.each([
    ['a config variable is bad', { WORK_MS: 'soon' }, 'WORK_MS must be integer'],
    // A check the schema cannot express, made while building (variables that go together).
    ['building finds a bad combination', { WORK_MS: '0' }, 'WORK_MS must not be 0 (checked while building)'],
  ])('when %s, then the process exits 1 with one line naming it', async (_, env, message) => {
    const main = await bundleFixture();
    const proc = startProcess(process.execPath, [main], { env: { ...process.env, ...env } });
    const exit = await withDeadline(proc.exited, 10000, 'exit');
    expect(exit.code).toBe(1);
    expect(proc.output().trim()).toBe(`slow-service: Invalid configuration: ${message}`);
  });
});
