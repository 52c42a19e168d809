import amqp, { type ChannelModel } from 'amqplib';
import { testEnv, unique } from '@shopwire/testing';
import { EventPublisher } from '../src';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('EventPublisher', () => {
  let connection: ChannelModel;
  let exchange: string;
  let queue: string;

  beforeEach(async () => {
    connection = await amqp.connect(testEnv.amqpUrl);
    const channel = await connection.createChannel();
    exchange = unique('test.publisher');
    queue = unique('test.publisher.q');
    await channel.assertExchange(exchange, 'topic', { durable: false, autoDelete: true });
    await channel.assertQueue(queue, { durable: false, autoDelete: false });
    await channel.bindQueue(queue, exchange, 'bound.#');
    await channel.close();
  });

  afterEach(async () => {
    const channel = await connection.createChannel();
    await channel.deleteQueue(queue);
    await channel.deleteExchange(exchange);
    await connection.close();
  });

  it('when a message has no queue bound for its routing key, then the confirm reports it unroutable; a bound one is routed', async () => {
    const publisher = new EventPublisher({ logger: silent });
    await publisher.attach(connection);

    const lost = await publisher.publish(exchange, 'nobody.listens', Buffer.from('{}'), { messageId: 'm1' });
    const routed = await publisher.publish(exchange, 'bound.here', Buffer.from('{}'), { messageId: 'm2' });

    expect(lost).toEqual({ routed: false });
    expect(routed).toEqual({ routed: true });
    await publisher.close();
  });

  it('when many messages are published at once, then at most the window is unconfirmed and all arrive persistent', async () => {
    const publisher = new EventPublisher({ logger: silent, maxUnconfirmed: 16 });
    await publisher.attach(connection);
    let highest = 0;

    await Promise.all(
      Array.from({ length: 2000 }, async (_, i) => {
        const pending = publisher.publish(exchange, 'bound.many', Buffer.alloc(512, i % 256), { messageId: `m${i}` });
        highest = Math.max(highest, publisher.unconfirmed);
        await pending;
        highest = Math.max(highest, publisher.unconfirmed);
      }),
    );

    expect(highest).toBeLessThanOrEqual(16);
    const channel = await connection.createChannel();
    expect((await channel.checkQueue(queue)).messageCount).toBe(2000);
    const first = await channel.get(queue);
    expect(first && first.properties.deliveryMode).toBe(2);
    await channel.close();
    await publisher.close();
  });

  it('when the channel is gone, then publishing fails at once instead of buffering', async () => {
    const publisher = new EventPublisher({ logger: silent });
    await publisher.attach(connection);
    await publisher.close();

    await expect(publisher.publish(exchange, 'bound.x', Buffer.from('{}'), { messageId: 'm' })).rejects.toThrow(
      'broker not connected',
    );
  });
});
