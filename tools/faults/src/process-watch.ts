import type { RunningProcess } from '@shopwire/testing';

export interface UnexpectedExit {
  name: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  lastOutput: string;
}

/**
 * Remembers every process the suite started and tells the exits it caused (kill -9, a restart, the final stop)
 * from the ones it did not: a process that died on its own is a failed check.
 */
export class ProcessWatch {
  private readonly expected = new Set<RunningProcess>();
  private readonly all: Array<{ name: string; proc: RunningProcess }> = [];
  readonly unexpected: UnexpectedExit[] = [];
  kills = 0;

  watch(name: string, proc: RunningProcess): void {
    this.all.push({ name, proc });
    void proc.exited.then(({ code, signal }) => {
      if (this.expected.has(proc)) return;
      this.unexpected.push({ name, code, signal, lastOutput: proc.output().slice(-3000) });
    });
  }

  /** The next exit of `proc` is the suite's doing. */
  expectExit(proc: RunningProcess): void {
    this.expected.add(proc);
  }

  expectAllExits(): void {
    for (const { proc } of this.all) this.expected.add(proc);
  }

  async kill(proc: RunningProcess): Promise<void> {
    this.expectExit(proc);
    this.kills++;
    await proc.stop('SIGKILL', 10000);
  }

  /** Every process's output so far, by name; a restarted process's runs one after the other. */
  outputs(): Map<string, string> {
    const byName = new Map<string, string>();
    for (const { name, proc } of this.all)
      byName.set(name, `${byName.get(name) ?? ''}${proc.output()}\n--- (process ended or still running)\n`);
    return byName;
  }
}
