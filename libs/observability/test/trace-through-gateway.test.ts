import {
  startOtlpReceiver,
  unique,
  waitFor,
  type CollectedSpan,
  type OtlpReceiver,
  createOwnVhost,
  type OwnVhost,
} from '@shopwire/testing';
import { requestLogLines, startBuiltService, type BuiltService } from './support/built-service';

// The gateway and two services, built, each exporting to a test-owned receiver: the gateway in protobuf, the services in JSON.
describe('one request through the gateway is one trace', () => {
  let receiver: OtlpReceiver;
  let vhost: OwnVhost;
  let users: BuiltService;
  let catalog: BuiltService;
  let gateway: BuiltService;

  beforeAll(async () => {
    [receiver, vhost] = await Promise.all([startOtlpReceiver(), createOwnVhost()]);
    const otel = { AMQP_URL: vhost.amqpUrl, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '200' };
    // One after the other, so that when one fails to start, the one already running is known to afterAll and stopped.
    users = await startBuiltService('user-service', { ...otel, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    catalog = await startBuiltService('catalog-service', { ...otel, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    gateway = await startBuiltService(
      'api-gateway',
      {
        ...otel,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        USER_SERVICE_URL: users.url,
        CATALOG_SERVICE_URL: catalog.url,
      },
      { waitFor: 'live' },
    );
  });

  afterAll(async () => {
    await Promise.all([gateway, users, catalog].map((s) => s?.stop().catch(() => undefined)));
    await receiver?.close();
    await vhost?.remove();
  });

  // The SERVER span a service recorded for the request whose path contains `marker`.
  function serverSpanOf(service: string, marker: string): Promise<CollectedSpan> {
    const mentions = (span: CollectedSpan) =>
      Object.values(span.attributes).some((v) => typeof v === 'string' && v.includes(marker));
    return waitFor(() => receiver.spans().find((s) => s.service === service && s.kind === 'SERVER' && mentions(s)), {
      timeoutMs: 20000,
      description: `the SERVER span of ${service} for ${marker}`,
    });
  }

  it('when a request is proxied to a service, then the service span is a child of a gateway span in the same trace', async () => {
    const marker = unique('missing');
    const res = await fetch(`${gateway.url}/api/v1/products/${marker}`);
    expect(res.status).toBe(404);

    const catalogServer = await serverSpanOf('catalog-service', marker);
    const trace = await receiver.waitForSpans(() =>
      receiver.traceOf(catalogServer.traceId).some((s) => s.service === 'api-gateway' && s.kind === 'SERVER'),
    );
    const spans = trace.filter((s) => s.traceId === catalogServer.traceId);
    const parent = receiver.parentOf(catalogServer);
    expect(parent).toMatchObject({ service: 'api-gateway', kind: 'CLIENT' });
    const gatewayRoot = spans.find((s) => s.service === 'api-gateway' && s.kind === 'SERVER');
    expect(gatewayRoot?.parentSpanId).toBeUndefined();
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['api-gateway', 'catalog-service']));
    // Fastify's own request span runs inside the HTTP server span, on both sides of the hop.
    expect(
      spans
        .filter((s) => s.scope === '@fastify/otel')
        .map((s) => s.service)
        .sort(),
    ).toEqual(expect.arrayContaining(['api-gateway', 'catalog-service']));
  });

  it('when tracing is on, then the request log lines of the service carry the trace id and span id', async () => {
    const requestId = unique('logs');
    const marker = unique('missing');
    await fetch(`${gateway.url}/api/v1/products/${marker}`, { headers: { 'x-request-id': requestId } });

    const catalogServer = await serverSpanOf('catalog-service', marker);
    const lines = await requestLogLines(catalog, requestId);
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
    for (const line of lines) {
      expect(line.trace_id).toBe(catalogServer.traceId);
      expect(line.span_id).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it('when a request carries a password, a bearer token, a cookie and a token in the query, then none of them reaches a log line or a span', async () => {
    const secrets = {
      password: unique('pw-secret'),
      bearer: unique('bearer-secret'),
      cookie: unique('cookie-secret'),
      query: unique('query-secret'),
    };
    const requestId = unique('secrets');
    // The gateway refuses a bad bearer token on a public route itself, so the bearer goes in a request of its own.
    const login = await fetch(`${gateway.url}/api/v1/auth/login?token=${secrets.query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `sid=${secrets.cookie}`, 'x-request-id': requestId },
      body: JSON.stringify({ email: `${unique('someone')}@example.com`, password: secrets.password }),
    });
    const bearer = await fetch(`${gateway.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${secrets.bearer}`,
        'x-request-id': requestId,
      },
      body: JSON.stringify({ email: `${unique('someone')}@example.com`, password: 'not the secret' }),
    });
    expect(login.status).toBe(401);
    expect(bearer.status).toBe(401);

    await serverSpanOf('user-service', '/api/v1/auth/login');
    await waitFor(
      () =>
        receiver
          .spans()
          .filter(
            (s) =>
              s.service === 'api-gateway' &&
              s.kind === 'SERVER' &&
              Object.values(s.attributes).some((v) => typeof v === 'string' && v.includes('/api/v1/auth/login')),
          ).length >= 2,
      {
        timeoutMs: 20000,
        description: 'the gateway SERVER spans of both logins',
      },
    );
    const output = [gateway, users].map((s) => s.process.output()).join('\n');
    const exported = JSON.stringify(receiver.spans());
    expect(output).toContain(requestId);
    expect(exported).toContain('REDACTED');
    for (const secret of Object.values(secrets)) {
      expect(output).not.toContain(secret);
      expect(exported).not.toContain(secret);
    }
  });

  it('when the exporters run, then both OTLP encodings reached the receiver', () => {
    expect(receiver.requests()).toEqual({ json: expect.any(Number), protobuf: expect.any(Number) });
    expect(receiver.requests().json).toBeGreaterThan(0);
    expect(receiver.requests().protobuf).toBeGreaterThan(0);
  });
});
