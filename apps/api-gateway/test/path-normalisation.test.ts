import { request as httpRequest } from 'node:http';
import { useGatewayRig } from './support/gateway-rig';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with the path exactly as written: fetch would resolve dot segments before sending. */
function raw(base: string, method: string, path: string, body?: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: hostname, port, method, path, headers: body === undefined ? {} : { 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('paths at the gateway are read in their normalised form (issue 22, points 5 and 8)', () => {
  const rig = useGatewayRig();

  /** GET `path` as written at a fresh gateway; `passedOn` is what the service saw of it. */
  const getAtGateway = async (path: string) => {
    const gateway = await rig.start();
    const before = rig.upstream.seen.length;
    const res = await raw(gateway.url, 'GET', path);
    return { res, passedOn: rig.upstream.seen.slice(before) };
  };

  it('when register is called with a percent-encoded letter, then it spends the credentials budget like register', async () => {
    const gateway = await rig.start({ RATE_LIMIT_AUTH_MAX: '2', RATE_LIMIT_ANONYMOUS_MAX: '50' });
    const statuses: number[] = [];
    for (const path of [
      '/api/v1/auth/register',
      '/api/v1/auth/regist%65r',
      '/api/v1/auth/regist%65r',
      '/api/v1//auth/./login',
    ]) {
      statuses.push((await raw(gateway.url, 'POST', path, '{}')).status);
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
    const limited = await raw(gateway.url, 'POST', '/api/v1/auth/%72egister', '{}');
    expect(limited.status).toBe(429);
    expect(JSON.parse(limited.body)).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    // What reached the service is the normalised path.
    expect(rig.upstream.seen.filter((r) => r.url.includes('%65'))).toEqual([]);
  });

  it.each([
    ['an encoded letter', '/api/v1/%6frders'],
    ['a dot segment out of a public prefix', '/api/v1/products/../orders'],
    ['an encoded dot segment', '/api/v1/products/%2e%2E/orders'],
    ['duplicate slashes', '//api/v1//orders'],
    ['a public path made to look like a prefix', '/api/v1/auth/login/../../orders'],
  ])(
    'when a protected path is reached through %s, then 401 AUTHENTICATION_REQUIRED and the service never sees it',
    async (_what, path) => {
      const { res, passedOn } = await getAtGateway(path);
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'AUTHENTICATION_REQUIRED', status: 401 });
      expect(passedOn).toEqual([]);
    },
  );

  it.each([
    ['a broken escape', '/api/v1/products/%ZZ'],
    ['an escape that is not UTF-8', '/api/v1/products/%C0%AF'],
    ['an encoded slash', '/api/v1/products%2F..%2Forders'],
    ['an encoded NUL', '/api/v1/products/p%00'],
  ])(
    'when the path has %s, then 400 MALFORMED_URL problem+json with the request id and the security headers',
    async (_what, path) => {
      const { res, passedOn } = await getAtGateway(path);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'MALFORMED_URL', status: 400 });
      expect(res.headers['x-request-id']).toEqual(expect.any(String));
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toEqual(expect.any(String));
      expect(passedOn).toEqual([]);
    },
  );
});
