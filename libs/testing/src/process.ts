import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { withDeadline } from './wait';

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first output line matching `pattern`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startProcess(
  command: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): RunningProcess {
  const child = spawn(command, args, {
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  const onData = (chunk: Buffer): void => {
    text += chunk.toString();
    for (const waiter of [...waiters]) {
      const line = text.split('\n').find((l) => waiter.pattern.test(l));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));

  return {
    child,
    output: () => text,
    waitForOutput(pattern, timeoutMs = 15000) {
      const found = text.split('\n').find((l) => pattern.test(l));
      if (found !== undefined) return Promise.resolve(found);
      const promise = new Promise<string>((resolve) => waiters.push({ pattern, resolve }));
      return withDeadline(
        Promise.race([
          promise,
          exited.then(() => Promise.reject(new Error(`process exited before printing ${pattern}:\n${text}`))),
        ]),
        timeoutMs,
        `output ${pattern}`,
      );
    },
    exited,
    async stop(signal = 'SIGTERM', timeoutMs = 10000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return withDeadline(exited, timeoutMs, `exit after ${signal}`);
    },
  };
}
