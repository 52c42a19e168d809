import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess, type RunningProcess } from './process';

export const FERRETDB_BIN = join(__dirname, '..', '..', '..', '.tools', 'bin', 'ferretdb');

/** A FerretDB of the test's own, on its own port and data folder, so the test may stop it. */
export async function startOwnFerret(port: number): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'shopwire-ferret-'));
  const proc: RunningProcess = startProcess(FERRETDB_BIN, [
    '--handler=sqlite',
    `--sqlite-url=file:${dir}/`,
    `--state-dir=${dir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=info',
  ]);
  await proc.waitForOutput(/Listening on/, 20000);
  return {
    url: `mongodb://127.0.0.1:${port}`,
    async stop() {
      await proc.stop('SIGTERM', 10000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
