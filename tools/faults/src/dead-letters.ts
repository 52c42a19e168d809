import amqp from 'amqplib';
import { createEvent } from '@shopwire/contracts';
import { publishTestEvent } from '@shopwire/testing';
import type { OwnBroker } from '@shopwire/testing';

const SERVICE_QUEUE = /^([a-z][a-z-]*)\.events$/;

/** The services that consume events: those whose `<service>.events` queue exists (user-service only publishes). */
export async function consumingServices(broker: OwnBroker): Promise<string[]> {
  return (await broker.queues()).flatMap((q) => SERVICE_QUEUE.exec(q.name)?.[1] ?? []).sort();
}

/**
 * Puts one truncated (unparseable) event straight into each consuming service's queue, so each dead-letter queue
 * must end up holding exactly that one: proof that the dead-letter check can see a dead letter at all.
 */
export async function injectDeadLetters(broker: OwnBroker): Promise<Map<string, string>> {
  const injected = new Map<string, string>();
  for (const service of await consumingServices(broker)) {
    const event = createEvent(
      'user.updated',
      { userId: 'faults-suite', email: 'poison@faults.example.com', name: 'Poison' },
      { source: 'faults-suite', correlationId: `poison-${service}` },
    );
    await publishTestEvent(event, {
      url: broker.url,
      queue: `${service}.events`,
      raw: JSON.stringify(event).slice(0, 40),
    });
    injected.set(service, event.id);
  }
  return injected;
}

/** The message ids waiting in `<service>.events.dlq`; read without acking, so they stay in the queue. */
export async function deadLetterIds(amqpUrl: string, service: string): Promise<string[]> {
  const connection = await amqp.connect(amqpUrl);
  connection.on('error', () => undefined);
  try {
    const channel = await connection.createChannel();
    const ids: string[] = [];
    for (;;) {
      const message = await channel.get(`${service}.events.dlq`, { noAck: false });
      if (!message) break;
      ids.push(String(message.properties.messageId ?? '(no message id)'));
    }
    return ids;
  } finally {
    // Closing the connection returns every unacked message to the queue.
    await connection.close().catch(() => undefined);
  }
}
