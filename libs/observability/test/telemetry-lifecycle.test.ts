import {
  startOtlpReceiver,
  unique,
  withDeadline,
  type OtlpReceiver,
  createOwnVhost,
  type OwnVhost,
} from '@shopwire/testing';
import { launchBuiltService, requestLogLines, startBuiltService } from './support/built-service';

// The built user-service (store and broker client, pino, fastify) as its container runs it.
describe('telemetry in a built service', () => {
  let receiver: OtlpReceiver;
  let vhost: OwnVhost;
  beforeAll(async () => {
    [receiver, vhost] = await Promise.all([startOtlpReceiver(), createOwnVhost()]);
  });
  afterAll(async () => {
    await receiver?.close();
    await vhost?.remove();
  });

  it('when the service starts, then each instrumented library is patched as it is loaded', async () => {
    const service = await startBuiltService('user-service', {
      AMQP_URL: vhost.amqpUrl,
      OTEL_LOG_LEVEL: 'debug',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    });
    const exit = await service.stop();

    expect(exit).toEqual({ code: 0, signal: null });
    const patched = [
      ...service.process.output().matchAll(/Applying instrumentation patch for [^{]*\{\s*module: '([^']+)'/g),
    ].map((m) => m[1]);
    expect(new Set(patched)).toEqual(new Set(['http', 'https', 'mongodb', 'mongoose', 'amqplib', 'pino']));
  });

  it('when SIGTERM arrives with spans still buffered, then they are exported before the process exits 0', async () => {
    // A batch delay far beyond the test: only the shutdown flush can deliver the span.
    const service = await startBuiltService('user-service', {
      AMQP_URL: vhost.amqpUrl,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '600000',
    });
    const marker = unique('flush');
    expect((await fetch(`${service.url}/api/v1/${marker}`)).status).toBe(404);
    expect(JSON.stringify(receiver.spans())).not.toContain(marker);

    const exit = await withDeadline(service.stop(), 15000, 'exit after SIGTERM');

    expect(exit).toEqual({ code: 0, signal: null });
    expect(JSON.stringify(receiver.spans())).toContain(marker);
  });

  it('when no OTLP endpoint is set, then a problem carries a real W3C trace id and the log lines of that request carry the same', async () => {
    const service = await startBuiltService('user-service', { AMQP_URL: vhost.amqpUrl });
    try {
      const requestId = unique('no-otlp');
      const res = await fetch(`${service.url}/api/v1/${unique('missing')}`, { headers: { 'x-request-id': requestId } });
      const { traceId } = (await res.json()) as { traceId: string };

      expect(res.status).toBe(404);
      expect(traceId).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
      const lines = await requestLogLines(service, requestId);
      expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
      for (const line of lines) {
        expect(line.trace_id).toBe(traceId);
        // Set by pino's instrumentation: the id is the span's, not a fallback of the service kit.
        expect(line.span_id).toMatch(/^[0-9a-f]{16}$/);
      }
      expect(service.process.output()).not.toMatch(/"trace_id":"[0-9a-f]+"[^\n]*"trace_id"/);
    } finally {
      await service.stop();
    }
  });

  it('when an OTEL variable has an unsupported value, then the service exits 1 with one line naming it', async () => {
    const { process: proc } = await launchBuiltService('user-service', {
      AMQP_URL: vhost.amqpUrl,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    });

    const exit = await withDeadline(proc.exited, 15000, 'exit on a bad variable');

    expect(exit.code).toBe(1);
    expect(proc.output().trim()).toBe(
      'user-service: Invalid configuration: OTEL_EXPORTER_OTLP_PROTOCOL must be equal to one of the allowed values',
    );
  });
});
