import { createServer } from '../src';

describe('the client address behind a proxy', () => {
  it('when trustProxy names the gateway network, then request.ip is the forwarded client address', async () => {
    const app = createServer({ service: 'proxy-test', logLevel: 'silent', trustProxy: ['loopback'] });
    app.get('/ip', async (request) => ({ ip: request.ip }));
    try {
      const res = await app.inject({
        method: 'GET',
        url: '/ip',
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': '203.0.113.7' },
      });
      expect(res.json()).toEqual({ ip: '203.0.113.7' });
      const untrusted = await app.inject({
        method: 'GET',
        url: '/ip',
        remoteAddress: '198.51.100.1',
        headers: { 'x-forwarded-for': '203.0.113.7' },
      });
      expect(untrusted.json()).toEqual({ ip: '198.51.100.1' });
    } finally {
      await app.close();
    }
  });
});
