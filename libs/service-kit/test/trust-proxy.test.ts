import { createServer } from '../src';

describe('the client address behind a proxy', () => {
  it('when trustProxy names the gateway network, then request.ip is the forwarded client address', async () => {
    const app = createServer({ service: 'proxy-test', logLevel: 'silent', trustProxy: ['loopback'] });
    app.get('/ip', async (request) => ({ ip: request.ip }));
    /** GET /ip from `remoteAddress`, forwarded for 203.0.113.7. */
    const forwardedFrom = (remoteAddress: string) =>
      app.inject({ method: 'GET', url: '/ip', remoteAddress, headers: { 'x-forwarded-for': '203.0.113.7' } });
    try {
      const res = await forwardedFrom('127.0.0.1');
      expect(res.json()).toEqual({ ip: '203.0.113.7' });
      const untrusted = await forwardedFrom('198.51.100.1');
      expect(untrusted.json()).toEqual({ ip: '198.51.100.1' });
    } finally {
      await app.close();
    }
  });
});
