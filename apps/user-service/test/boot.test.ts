import { startUserService } from './support/user-service';

describe('user-service start-up', () => {
  it('when started against the real store and broker, then it reports ready with both up', async () => {
    const service = await startUserService();
    try {
      const res = await service.app.inject({ method: 'GET', url: '/health' });
      expect(res.json()).toEqual({ status: 'ready', checks: { mongo: 'up', broker: 'up' } });
    } finally {
      await service.close();
    }
  });
});
