import type { ConsumeMessage } from 'amqplib';
import { decodeEvent, type EventEnvelope, type StreamName } from '@shopwire/contracts';
import type { BrokerConnection, BrokerLogger } from './broker-connection';
import { declareStream } from './topology';

// How many entries the broker hands over before the first acks come back.
const STREAM_PREFETCH = 200;

/**
 * Reads a stream whole, from its first retained entry, on every (re)connect, then each new entry as it is
 * appended, and hands each valid event to `onEvent` (which must be idempotent: a reconnect reads everything again).
 * An entry that is not a valid event is logged and skipped; a throwing `onEvent` is logged and the stream goes on.
 */
export function followStream(
  broker: Pick<BrokerConnection, 'onConnected'>,
  name: StreamName,
  onEvent: (event: EventEnvelope) => void,
  log: BrokerLogger,
): void {
  broker.onConnected(async (model) => {
    const channel = await model.createChannel();
    channel.on('error', (err: Error) =>
      log.warn({ err: { message: err.message }, stream: name }, 'stream channel error'),
    );
    await declareStream(channel, name);
    // A stream is read with acknowledgements and a prefetch; the acks only pace the delivery, nothing is removed.
    await channel.prefetch(STREAM_PREFETCH);
    const deliver = (msg: ConsumeMessage | null): void => {
      if (!msg) return;
      const parsed = decodeEvent(msg.content);
      if (!parsed.ok) log.warn({ stream: name, reason: parsed.reason }, 'stream entry is not a valid event; skipped');
      else {
        try {
          onEvent(parsed.event);
        } catch (err) {
          log.error({ err, stream: name, eventId: parsed.event.id }, 'stream entry could not be applied');
        }
      }
      channel.ack(msg);
    };
    await channel.consume(name, deliver, { noAck: false, arguments: { 'x-stream-offset': 'first' } });
  });
}
