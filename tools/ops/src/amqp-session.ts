import amqp, { type Channel, type ChannelModel, type ConfirmChannel, type Replies } from 'amqplib';

/** A short-lived connection for one CLI command; a missing queue costs a channel, not the command. */
export class AmqpSession {
  private constructor(private readonly connection: ChannelModel) {}

  static async open(url: string): Promise<AmqpSession> {
    const connection = await amqp.connect(url, { clientProperties: { connection_name: 'shopwire-ops' } });
    connection.on('error', () => undefined);
    return new AmqpSession(connection);
  }

  channel(): Promise<Channel> {
    return this.connection.createChannel().then((channel) => {
      channel.on('error', () => undefined);
      return channel;
    });
  }

  confirmChannel(): Promise<ConfirmChannel> {
    return this.connection.createConfirmChannel().then((channel) => {
      channel.on('error', () => undefined);
      return channel;
    });
  }

  /** Depth and consumers of a queue, or undefined when it does not exist. */
  async inspect(queue: string): Promise<Replies.AssertQueue | undefined> {
    const channel = await this.channel();
    try {
      const ok = await channel.checkQueue(queue);
      await channel.close();
      return ok;
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}
