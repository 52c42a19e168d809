import { join } from 'node:path';
import {
  bundleEntry,
  startOtlpReceiver,
  startProcess,
  testEnv,
  unique,
  withDeadline,
  type OtlpReceiver,
} from '@shopwire/testing';

const root = join(__dirname, '..', '..', '..');

// Bundled the way scripts/build.mjs bundles an app (packages external), so the instrumentations patch the same way.
const bundleFixture = (): Promise<string> =>
  bundleEntry(join(__dirname, 'fixtures', 'broker-roundtrip.ts'), 'broker-roundtrip');

function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`no ${what} span was exported`);
  return value;
}

describe('trace context across the broker', () => {
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterAll(() => receiver?.close());

  it('when a message is published inside a span and consumed, then publish, consume and the work the consumer does form one chain of parents', async () => {
    const queue = unique('obs-roundtrip');
    const main = await bundleFixture();
    const proc = startProcess(
      process.execPath,
      [main, testEnv.amqpUrl, testEnv.mongoUrl, unique('obs').replace(/-/g, '_'), queue],
      {
        env: { PATH: process.env.PATH, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
        cwd: root,
      },
    );
    const exit = await withDeadline(proc.exited, 60000, 'the round trip');
    expect({ exit, output: proc.output() }).toEqual({
      exit: { code: 0, signal: null },
      output: expect.stringContaining('roundtrip done'),
    });

    const spans = await receiver.waitForSpans((all) => all.filter((s) => s.kind === 'CONSUMER').length >= 2);
    const consumerOf = (name: string) => spans.find((s) => s.kind === 'CONSUMER' && s.name === `${name} process`);
    const publisherTo = (name: string) =>
      spans.find((s) => s.kind === 'PRODUCER' && s.attributes['messaging.rabbitmq.routing_key'] === name);
    const origin = found(
      spans.find((s) => s.name === 'place order'),
      'origin',
    );
    const publish = found(publisherTo(queue), 'publish');
    const consume = found(consumerOf(queue), 'consume');
    const lookup = found(
      spans.find((s) => s.scope === '@opentelemetry/instrumentation-mongoose'),
      'mongoose',
    );
    const reply = found(publisherTo(`${queue}.replies`), 'reply publish');
    const replyConsume = found(consumerOf(`${queue}.replies`), 'reply consume');

    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([origin.traceId]));
    expect(origin.parentSpanId).toBeUndefined();
    expect(publish.parentSpanId).toBe(origin.spanId);
    expect(consume.parentSpanId).toBe(publish.spanId);
    expect(lookup.parentSpanId).toBe(consume.spanId);
    expect(reply.parentSpanId).toBe(consume.spanId);
    expect(replyConsume.parentSpanId).toBe(reply.spanId);
    expect(spans.every((s) => s.service === 'broker-roundtrip')).toBe(true);
  });
});
