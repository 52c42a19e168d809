import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess, type RunningProcess } from './process';
import { repoRoot } from './repo-root';

/** The repo's pinned FerretDB (npm run store builds it). */
export const FERRETDB_BIN = join(repoRoot(), '.tools', 'bin', 'ferretdb');

export interface OwnFerret {
  url: string;
  /** The FerretDB process running now (a new one after each restart). */
  readonly process: RunningProcess;
  /** Stops the process with `signal` and starts it again on the same port and data, as a store restart. */
  restart(signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
}

function launch(dir: string, port: number): RunningProcess {
  return startProcess(FERRETDB_BIN, [
    '--handler=sqlite',
    `--sqlite-url=file:${dir}/?_pragma=synchronous(normal)`,
    `--state-dir=${dir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=info',
  ]);
}

/** A FerretDB of the test's own, on its own port and data folder, so the test may stop or restart it. */
export async function startOwnFerret(port: number): Promise<OwnFerret> {
  const dir = mkdtempSync(join(tmpdir(), 'shopwire-ferret-'));
  let proc = launch(dir, port);
  await proc.waitForOutput(/Listening on/, 20000);
  return {
    url: `mongodb://127.0.0.1:${port}`,
    get process() {
      return proc;
    },
    async restart(signal = 'SIGTERM') {
      await proc.stop(signal, 10000);
      proc = launch(dir, port);
      await proc.waitForOutput(/Listening on/, 20000);
    },
    async stop() {
      await proc.stop('SIGTERM', 10000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
