import amqp, { type GetMessage } from 'amqplib';
import { testEnv } from '@shopwire/testing';

/** Removes and returns every message now in `queue` (the test owns the queue). */
export async function takeAll(queue: string, url = testEnv.amqpUrl): Promise<GetMessage[]> {
  const connection = await amqp.connect(url);
  connection.on('error', () => undefined);
  try {
    const channel = await connection.createChannel();
    const taken: GetMessage[] = [];
    for (let msg = await channel.get(queue); msg; msg = await channel.get(queue)) {
      taken.push(msg);
      channel.ack(msg);
    }
    return taken;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

export async function queueDepth(queue: string, url = testEnv.amqpUrl): Promise<number> {
  const connection = await amqp.connect(url);
  connection.on('error', () => undefined);
  try {
    const channel = await connection.createChannel();
    return (await channel.checkQueue(queue)).messageCount;
  } finally {
    await connection.close().catch(() => undefined);
  }
}
