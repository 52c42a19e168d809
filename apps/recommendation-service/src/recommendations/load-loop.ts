import { setTimeout as pause } from 'node:timers/promises';

const FIRST_PAUSE_MS = 250;
const LONGEST_PAUSE_MS = 5000;

/**
 * Runs one load at a time: asking while one runs asks for exactly one more after it (what it read may be older than
 * the reason to ask), and a load that fails is tried again after a pause that doubles up to 5 s, until one succeeds.
 */
export class LoadLoop {
  private wanted = false;
  private running: Promise<void> | undefined;
  private readonly stopping = new AbortController();

  constructor(
    private readonly load: () => Promise<void>,
    private readonly onFailure: (err: Error, failures: number) => void,
  ) {}

  /** Whether a load runs or waits to run again. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  request(): void {
    this.wanted = true;
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.wanted && !this.stopping.signal.aborted) {
      this.wanted = false;
      try {
        await this.load();
        failures = 0;
      } catch (err) {
        failures++;
        this.wanted = true;
        this.onFailure(err as Error, failures);
        await pause(Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** failures), undefined, {
          signal: this.stopping.signal,
        }).catch(() => undefined);
      }
    }
  }

  /** No load starts any more; the one running is awaited. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }
}
