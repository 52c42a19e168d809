import type { ChannelModel, ConfirmChannel, Message, Options } from 'amqplib';
import type { BrokerLogger } from './broker-connection';

export class PublishError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PublishError';
  }
}

export interface PublishResult {
  /** False when no queue is bound for the routing key: the broker returned the message. */
  routed: boolean;
}

interface Pending {
  messageId: string;
  channel: ConfirmChannel;
  resolve(result: PublishResult): void;
  reject(err: Error): void;
  returned: boolean;
}

export interface EventPublisherOptions {
  logger: BrokerLogger;
  /** Most messages awaiting a confirm at once; further publishes wait for a slot. */
  maxUnconfirmed?: number;
  onReturned?(message: Message): void;
}

/**
 * Confirmed, persistent, mandatory publishing over one confirm channel: a bounded window of unconfirmed
 * messages, a pause while the socket is full ('drain'), and unroutable messages reported instead of lost.
 */
export class EventPublisher {
  private channel: ConfirmChannel | undefined;
  private readonly pending = new Set<Pending>();
  private readonly slotWaiters: Array<() => void> = [];
  private drained: Promise<void> | undefined;
  private inFlight = 0;
  private readonly maxUnconfirmed: number;

  constructor(private readonly opts: EventPublisherOptions) {
    this.maxUnconfirmed = opts.maxUnconfirmed ?? 500;
  }

  /** Messages published and not yet confirmed: never above `maxUnconfirmed`. */
  get unconfirmed(): number {
    return this.inFlight;
  }

  get isReady(): boolean {
    return this.channel !== undefined;
  }

  /** Opens the confirm channel on a fresh connection. */
  async attach(model: ChannelModel): Promise<void> {
    const channel = await model.createConfirmChannel();
    channel.on('error', (err: Error) =>
      this.opts.logger.warn({ err: { message: err.message } }, 'publisher channel error'),
    );
    channel.on('close', () => {
      if (this.channel === channel) this.channel = undefined;
      this.drained = undefined;
      for (const p of this.pending) {
        if (p.channel !== channel) continue;
        this.pending.delete(p);
        p.reject(new PublishError('channel closed before the broker confirmed'));
      }
      this.releaseAllSlots();
    });
    channel.on('return', (message: Message) => {
      const id = message.properties.messageId as string | undefined;
      // The broker sends basic.return before the ack of the same message, so the oldest match is the one.
      for (const p of this.pending) {
        if (p.messageId === id && !p.returned) {
          p.returned = true;
          break;
        }
      }
      this.opts.onReturned?.(message);
    });
    channel.on('drain', () => {
      this.drained = undefined;
    });
    this.channel = channel;
  }

  private releaseAllSlots(): void {
    for (const wake of this.slotWaiters.splice(0)) wake();
  }

  private async takeSlot(): Promise<void> {
    while (this.inFlight >= this.maxUnconfirmed) await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
    this.inFlight++;
  }

  private freeSlot(): void {
    this.inFlight--;
    this.slotWaiters.shift()?.();
  }

  private waitForDrain(channel: ConfirmChannel): Promise<void> {
    this.drained ??= new Promise<void>((resolve) => {
      const done = (): void => {
        channel.off('drain', done);
        channel.off('close', done);
        resolve();
      };
      channel.on('drain', done);
      channel.on('close', done);
    });
    return this.drained;
  }

  /** Publishes and resolves once the broker confirmed; rejects when it nacks or the channel goes away. */
  async publish(
    exchange: string,
    routingKey: string,
    body: Buffer,
    options: Options.Publish & { messageId: string },
  ): Promise<PublishResult> {
    await this.takeSlot();
    try {
      const channel = this.channel;
      if (!channel) throw new PublishError('broker not connected');
      if (this.drained) await this.drained;
      return await new Promise<PublishResult>((resolve, reject) => {
        const entry: Pending = { messageId: options.messageId, channel, resolve, reject, returned: false };
        this.pending.add(entry);
        let full = false;
        try {
          full = !channel.publish(
            exchange,
            routingKey,
            body,
            { persistent: true, mandatory: true, ...options },
            (err) => {
              if (!this.pending.delete(entry)) return;
              if (err) reject(new PublishError('broker refused the message (nack)'));
              else resolve({ routed: !entry.returned });
            },
          );
        } catch (err) {
          this.pending.delete(entry);
          reject(err as Error);
          return;
        }
        if (full) void this.waitForDrain(channel);
      });
    } finally {
      this.freeSlot();
    }
  }

  async close(): Promise<void> {
    const channel = this.channel;
    this.channel = undefined;
    if (channel) await channel.close().catch(() => undefined);
  }
}
