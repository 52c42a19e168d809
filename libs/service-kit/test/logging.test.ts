import { Writable } from 'node:stream';
import { createServer } from '../src';

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
    for (const secret of ['eyJ-very-secret', 'hunter2-secret', 'rt-secret', 'cookie-secret', 'query-secret-123']) expect(text).not.toContain(secret);
    const attempt = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'login attempt');
    expect(attempt).toMatchObject({ correlationId: 'corr-77', service: 'log-test', body: { email: 'a@example.com' } });
  });
});
