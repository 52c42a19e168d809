import type { InboxItem } from './inbox-item';

const CATCH_UP_PAGE = 100;
const REMEMBERED = 500;

export interface StreamOptions {
  /** Writes one chunk of the text/event-stream. */
  write(chunk: string): void;
  /** The user's notifications with a seq above `afterSeq`, oldest first. */
  loadAfter(afterSeq: number, limit: number): Promise<InboxItem[]>;
  /** Everything at or below this seq is already known to the client. */
  floor: number;
}

/**
 * One client's live stream. Live pushes and catch-up reads from the store may overlap, so each notification is
 * written once (by seq), and pushes that arrive while a catch-up reads are held back until it has finished.
 */
export class NotificationStream {
  private readonly sent = new Set<number>();
  private floor: number;
  private held: InboxItem[] | undefined;
  private catchingUp: Promise<void> = Promise.resolve();

  constructor(private readonly opts: StreamOptions) {
    this.floor = opts.floor;
  }

  push(item: InboxItem): void {
    if (this.held) this.held.push(item);
    else this.send(item);
  }

  /** Sends what the store has above the floor: at the start (Last-Event-ID) and after the live feed was interrupted. */
  catchUp(): Promise<void> {
    this.held ??= [];
    this.catchingUp = this.catchingUp.then(() => this.readMissed());
    return this.catchingUp;
  }

  private async readMissed(): Promise<void> {
    this.held ??= [];
    try {
      for (;;) {
        const items = await this.opts.loadAfter(this.floor, CATCH_UP_PAGE);
        for (const item of items) this.send(item);
        if (items.length < CATCH_UP_PAGE) break;
      }
    } finally {
      const held = this.held ?? [];
      this.held = undefined;
      for (const item of held) this.send(item);
    }
  }

  private send(item: InboxItem): void {
    if (this.sent.has(item.seq)) return;
    this.opts.write(`id: ${item.seq}\nevent: notification\ndata: ${JSON.stringify(item)}\n\n`);
    this.sent.add(item.seq);
    if (this.sent.size > REMEMBERED) this.sent.delete(this.sent.values().next().value as number);
    this.floor = Math.max(this.floor, item.seq);
  }
}
