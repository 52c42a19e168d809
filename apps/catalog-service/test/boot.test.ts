import { waitForReady } from '@shopwire/testing';
import { startCatalog } from './support/catalog-test-app';

describe('catalog-service start-up', () => {
  it('when started against the real store and broker, then it reports ready with both up', async () => {
    const catalog = await startCatalog();
    try {
      expect(await waitForReady(catalog.app)).toEqual({
        status: 'ready',
        checks: { mongo: 'up', broker: 'up', 'search-index': 'up' },
      });
    } finally {
      await catalog.close();
    }
  });
});
