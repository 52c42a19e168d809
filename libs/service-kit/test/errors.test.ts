import { Type } from '@sinclair/typebox';
import { createServer, MAX_FIELD_NAME, MAX_FIELD_PROBLEMS, notFound, type ServiceApp } from '../src';

function buildApp(): ServiceApp {
  const app = createServer({ service: 'kit-test', logLevel: 'silent' });
  app.post(
    '/things',
    {
      schema: {
        body: Type.Object(
          { name: Type.String({ maxLength: 20 }), count: Type.Integer() },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => request.body,
  );
  app.get('/boom', async () => {
    throw new Error('connect ECONNREFUSED 10.1.2.3:27017 at secret-host.internal');
  });
  app.get('/things/:id', async () => {
    throw notFound('THING_NOT_FOUND', 'No such thing');
  });
  return app;
}

describe('problem+json error responses', () => {
  let app: ServiceApp;
  beforeAll(async () => {
    app = buildApp();
    await app.ready();
  });
  afterAll(() => app.close());

  /** POSTs an object to /things as JSON. */
  const postThings = (payload: object) => app.inject({ method: 'POST', url: '/things', payload });
  /** POSTs a body to /things as it is, under a content type. */
  const postRaw = (body: string, contentType = 'application/json') =>
    app.inject({ method: 'POST', url: '/things', headers: { 'content-type': contentType }, payload: body });

  it('when the route is unknown, then 404 problem+json with ROUTE_NOT_FOUND', async () => {
    const res = await app.inject({ method: 'GET', url: '/nowhere' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      status: 404,
      code: 'ROUTE_NOT_FOUND',
      title: 'Not Found',
      type: expect.stringContaining('route-not-found'),
    });
    expect(res.json().traceId).toEqual(expect.any(String));
  });

  it('when the JSON is malformed, then 400 MALFORMED_JSON', async () => {
    const res = await postRaw('{"name": "a",');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toBe('MALFORMED_JSON');
  });

  it('when the body is over the limit, then 413', async () => {
    const res = await postRaw(JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), count: 1 }));
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('when the content type is not JSON, then 415', async () => {
    const res = await postRaw('name=a', 'text/plain');
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('when a field is unknown or of the wrong type, then 400 naming the first field that breaks the schema (validation stops there)', async () => {
    const unknown = await postThings({ name: 'a', count: 1, roles: ['admin'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'body/roles', message: 'is not an allowed field' }],
    });

    const both = await postThings({ name: 'a', count: '2', roles: ['admin'] });
    expect(both.statusCode).toBe(400);
    expect(both.json().errors).toEqual([
      expect.objectContaining({ field: expect.stringMatching(/^body\/(roles|count)$/) }),
    ]);
  });

  it('when a body carries a thousand unknown fields and a very long one, then the 400 names the first, shortened', async () => {
    const unknown = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`extra${i}`, i]));
    const res = await postThings({ [`long${'x'.repeat(5000)}`]: 1, ...unknown, name: 'a', count: 1 });

    expect(res.statusCode).toBe(400);
    const { errors } = res.json() as { errors: Array<{ field: string; message: string }> };
    expect(errors).toHaveLength(1);
    expect(errors.length).toBeLessThanOrEqual(MAX_FIELD_PROBLEMS);
    expect(errors[0]?.field).toHaveLength(MAX_FIELD_NAME);
    expect(errors[0]?.field.startsWith('body/longxxx')).toBe(true);
  });

  it('when an operator object stands where a string is expected, then 400', async () => {
    const res = await postThings({ name: { $gt: '' }, count: 1 });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'body/name' })]);
  });

  it('when the body carries __proto__, then 400 and nothing is polluted', async () => {
    const res = await postRaw('{"name":"a","count":1,"__proto__":{"polluted":true}}');
    expect(res.statusCode).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('when a handler throws unexpectedly, then 500 with no internal detail', async () => {
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'INTERNAL_ERROR', detail: 'An unexpected error occurred.' });
    expect(res.body).not.toMatch(/ECONNREFUSED|secret-host|10\.1\.2\.3|at /);
  });

  it('when a use case raises an AppError, then its status and code reach the client', async () => {
    const res = await app.inject({ method: 'GET', url: '/things/42' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'THING_NOT_FOUND', detail: 'No such thing' });
  });

  it('when x-request-id is sent, then it is echoed; when not, one is made', async () => {
    const kept = await app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'abc-123' } });
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const made = await app.inject({ method: 'GET', url: '/health/live' });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const hostile = await app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'x\n{"level":60}' },
    });
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when traffic was served, then /metrics shows the HTTP histogram and process metrics', async () => {
    await app.inject({ method: 'GET', url: '/health/live' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/health\/live"[^}]*\} [1-9]/);
    expect(res.body).toContain('process_resident_memory_bytes');
  });
});
