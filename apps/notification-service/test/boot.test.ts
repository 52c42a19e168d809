import { loadConfig } from '@shopwire/service-kit';
import { testEnv, unique, waitForReady } from '@shopwire/testing';
import { buildApp } from '../src/app';
import { config } from '../src/config';

describe('notification-service start-up', () => {
  it('when started against the real store and broker, then it reports ready with both up', async () => {
    const env = {
      MONGO_URL: testEnv.mongoUrl,
      AMQP_URL: testEnv.amqpUrl,
      MONGO_DB: unique('notifications'),
      LOG_LEVEL: 'silent',
      MAIL_TRANSPORT: 'file',
    };
    const app = await buildApp(loadConfig(config, env));
    try {
      expect(await waitForReady(app)).toEqual({ status: 'ready', checks: { mongo: 'up', broker: 'up' } });
    } finally {
      await app.close();
    }
  });
});
