import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { MAX_FIELD_PROBLEMS } from '@shopwire/service-kit';
import { orderRequest, startOrderServiceWithCustomer, type OrderServiceUnderTest } from './support/order-service';

/** Refusing a request costs little: identity before the body, the first schema errors only (issue 22, points 6 and 8). */
describe('refusing a bad request at order-service', () => {
  let svc: OrderServiceUnderTest;
  let token: string;

  beforeAll(async () => ({ svc, token } = await startOrderServiceWithCustomer()));
  afterAll(() => svc?.close());

  const post = (payload: string, headers: Record<string, string>) =>
    svc.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...headers },
      payload,
    });
  const hugeOrder = () => JSON.stringify({ ...orderRequest([]), items: Array.from({ length: 120_000 }, () => ({})) });

  it('when 120,000 empty items are posted, then 400 VALIDATION_FAILED with a short list of field errors', async () => {
    const body = hugeOrder();
    expect(body.length).toBeGreaterThan(350_000);

    const res = await post(body, { authorization: `Bearer ${token}` });

    expect(res.statusCode).toBe(400);
    const problem = res.json();
    expect(problem).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect(problem.errors.length).toBeGreaterThanOrEqual(1);
    expect(problem.errors.length).toBeLessThanOrEqual(3);
    expect(problem.errors[0]).toMatchObject({ field: 'body/items' });
  });

  it('when a body has thousands of unknown fields, then 400 VALIDATION_FAILED naming only the first', async () => {
    const body = {
      ...orderRequest([{ productId: 'p-1', quantity: 1 }]),
      ...Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, 1])),
    };

    const res = await post(JSON.stringify(body), { authorization: `Bearer ${token}` });

    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.json().errors.length).toBeLessThan(Math.min(3, MAX_FIELD_PROBLEMS));
  });

  it('when a request without a token has a bad body, then 401 AUTHENTICATION_REQUIRED, not the field errors', async () => {
    const res = await post(hugeOrder(), {});

    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'AUTHENTICATION_REQUIRED', status: 401 });
    expect(res.json().errors).toBeUndefined();
  });

  it('when a customer without the admin role sends a bad query to an admin route, then 403 before validation', async () => {
    const res = await svc.app.inject({
      method: 'GET',
      url: '/api/v1/reports/sales?from=yesterday&unknown=1',
      headers: { authorization: `Bearer ${token}` },
    });

    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'FORBIDDEN' });
  });

  const rawGet = async (path: string) => {
    if (!svc.app.server.listening) await svc.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = svc.app.server.address() as { port: number };
    return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'GET', path }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () =>
          resolve({ status: answer.statusCode ?? 0, headers: answer.headers, body: Buffer.concat(chunks).toString() }),
        );
      });
      req.on('error', reject);
      req.end();
    });
  };

  it('when the path has a broken escape, then 400 MALFORMED_URL problem+json with the request id', async () => {
    const res = await rawGet('/api/v1/orders/%ZZ');

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'MALFORMED_URL', status: 400 });
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
  });

  it("when a path parameter is past the router's limit, then 414 URI_TOO_LONG problem+json with the request id", async () => {
    const res = await rawGet(`/api/v1/orders/${'a'.repeat(300)}`);

    expect(res.status).toBe(414);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'URI_TOO_LONG', status: 414 });
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
  });
});
