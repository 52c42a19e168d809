import { Writable } from 'node:stream';
import { createServer, notFound } from '../src';

describe('log redaction', () => {
  it('when a request carries an authorization header and a password, then neither value is logged', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = createServer({ service: 'log-test', logLevel: 'info', logStream: stream });
    app.post('/login', async (request) => {
      // A careless handler that logs everything it got: redaction must still hold.
      request.log.info({ body: request.body, headers: request.headers }, 'login attempt');
      return { ok: true };
    });

    const res = await app.inject({
      method: 'POST',
      url: '/login?token=query-secret-123',
      headers: { authorization: 'Bearer eyJ-very-secret', cookie: 'sid=cookie-secret', 'x-request-id': 'corr-77' },
      payload: { email: 'a@example.com', password: 'hunter2-secret', refreshToken: 'rt-secret' },
    });
    await app.close();

    expect(res.statusCode).toBe(200);
    const text = lines.join('');
    expect(text).toContain('login attempt');
    expect(text).toContain('[REDACTED]');
    for (const secret of ['eyJ-very-secret', 'hunter2-secret', 'rt-secret', 'cookie-secret', 'query-secret-123'])
      expect(text).not.toContain(secret);
    const attempt = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'login attempt');
    expect(attempt).toMatchObject({ correlationId: 'corr-77', service: 'log-test', body: { email: 'a@example.com' } });
  });
});

describe('trace ids without a tracing SDK', () => {
  const TRACE_ID = /^(?!0{32})[0-9a-f]{32}$/;

  function appWithLogs(): { app: ReturnType<typeof createServer>; lines: Array<Record<string, unknown>> } {
    const lines: Array<Record<string, unknown>> = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const app = createServer({ service: 'trace-test', logLevel: 'info', logStream: stream });
    app.get('/orders/:id', async (request) => {
      request.log.info('looking the order up');
      throw notFound('ORDER_NOT_FOUND', 'No such order');
    });
    return { app, lines };
  }

  it('when a request fails, then its problem carries a real W3C trace id and every log line of the request carries the same', async () => {
    const { app, lines } = appWithLogs();

    const res = await app.inject({ method: 'GET', url: '/orders/42', headers: { 'x-request-id': 'trace-corr-1' } });
    await app.close();

    expect(res.statusCode).toBe(404);
    const { traceId } = res.json();
    expect(traceId).toMatch(TRACE_ID);
    const requestLines = lines.filter((l) => l.correlationId === 'trace-corr-1');
    expect(requestLines.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['incoming request', 'looking the order up', 'request completed']),
    );
    for (const line of requestLines) expect(line.trace_id).toBe(traceId);
  });

  it('when two requests fail, then each has a trace id of its own', async () => {
    const { app } = appWithLogs();

    const [first, second] = await Promise.all([
      app.inject({ method: 'GET', url: '/orders/1' }),
      app.inject({ method: 'GET', url: '/nowhere' }),
    ]);
    await app.close();

    expect(first.json().traceId).toMatch(TRACE_ID);
    expect(second.json().traceId).toMatch(TRACE_ID);
    expect(first.json().traceId).not.toBe(second.json().traceId);
  });

  it('when the caller sends a traceparent, then the problem and the log lines continue its trace', async () => {
    const { app, lines } = appWithLogs();
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';

    const res = await app.inject({
      method: 'GET',
      url: '/orders/7',
      headers: { traceparent: `00-${callerTrace}-00f067aa0ba902b7-01`, 'x-request-id': 'trace-corr-2' },
    });
    await app.close();

    expect(res.json().traceId).toBe(callerTrace);
    const traced = lines.filter((l) => l.correlationId === 'trace-corr-2').map((l) => l.trace_id);
    expect(traced.length).toBeGreaterThan(0);
    expect(new Set(traced)).toEqual(new Set([callerTrace]));
  });

  it('when the caller sends an all-zero or malformed traceparent, then a new trace id is made', async () => {
    const { app } = appWithLogs();

    const zeros = await app.inject({
      method: 'GET',
      url: '/orders/8',
      headers: { traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` },
    });
    const garbage = await app.inject({
      method: 'GET',
      url: '/orders/9',
      headers: { traceparent: 'not-a-traceparent' },
    });
    await app.close();

    expect(zeros.json().traceId).toMatch(TRACE_ID);
    expect(garbage.json().traceId).toMatch(TRACE_ID);
  });
});
