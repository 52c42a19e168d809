/**
 * Open-loop pacing: permits are due at a fixed rate whatever the system's latency. A due permit goes to a
 * customer waiting for its next step, or starts a new customer; when the concurrency cap is reached too, the
 * permit is counted as missed (the system is slower than the offered rate).
 */
export class Pacer {
  private readonly waiters: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private issued = 0;
  private startedAt = 0;
  missed = 0;
  active = 0;

  constructor(
    private readonly ratePerSecond: number,
    private readonly maxActive: number,
    private readonly spawn: () => Promise<void>,
  ) {}

  start(): void {
    this.startedAt = performance.now();
    this.timer = setInterval(() => this.tick(), 5);
  }

  /** Stops issuing permits; customers still waiting are released with `false` and end their journey. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const release of this.waiters.splice(0)) release();
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Resolves when this customer may send its next request; false once the run is over. */
  next(): Promise<boolean> {
    if (!this.running) return Promise.resolve(false);
    return new Promise((resolve) => this.waiters.push(() => resolve(this.running)));
  }

  private tick(): void {
    const due = Math.floor(((performance.now() - this.startedAt) / 1000) * this.ratePerSecond);
    while (this.issued < due) {
      this.issued++;
      const waiter = this.waiters.shift();
      if (waiter) waiter();
      else if (this.active < this.maxActive) this.launch();
      else this.missed++;
    }
  }

  private launch(): void {
    this.active++;
    void this.spawn()
      .catch(() => undefined)
      .finally(() => {
        this.active--;
      });
  }
}
