import { collectEvents, type CollectedEvents } from '@shopwire/testing';
import { catalogApi } from './catalog-api';
import { startCatalog, type CatalogTestApp } from './catalog-test-app';

/** What a suite about stock for orders works with: the app, its admin API, the stock.* events seen, a category. */
export interface StockSuite {
  catalog: CatalogTestApp;
  api: ReturnType<typeof catalogApi>;
  wire: CollectedEvents;
  category: string;
}

/**
 * Registers the suite's beforeAll (a catalog started with `opts`, a listener to stock.* events, one category, handed
 * to `ready`) and afterAll (listener, then catalog, closed).
 */
export function useStockSuite(opts: Parameters<typeof startCatalog>[0], ready: (suite: StockSuite) => void): void {
  let catalog: CatalogTestApp | undefined;
  let wire: CollectedEvents | undefined;
  beforeAll(async () => {
    catalog = await startCatalog(opts);
    const api = catalogApi(catalog.app, catalog.adminToken);
    wire = await collectEvents({ types: ['stock.*'] });
    ready({ catalog, api, wire, category: await api.createCategory() });
  });
  afterAll(async () => {
    await wire?.close();
    await catalog?.close();
  });
}
