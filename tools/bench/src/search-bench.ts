import { mongo } from 'mongoose';
import { waitForReady } from '@shopwire/testing';
import { httpRun, type HttpFigures } from './http-bench';
import { peakRss, rssMiB } from './memory';

export const SEARCH_PRODUCTS = 10_000;
const SUGGEST_RATE = 200;

const ADJECTIVES = [
  'steel',
  'copper',
  'ceramic',
  'glass',
  'bamboo',
  'cast',
  'electric',
  'manual',
  'compact',
  'deluxe',
  'classic',
  'nordic',
  'vintage',
  'travel',
  'double',
  'smart',
];
const NOUNS = [
  'kettle',
  'espresso machine',
  'grinder',
  'teapot',
  'mug',
  'french press',
  'tamper',
  'scale',
  'milk frother',
  'pour over',
  'cup set',
  'thermos',
  'cold brew jar',
  'moka pot',
  'filter',
  'saucer',
];
const WORDS = [
  'durable',
  'dishwasher',
  'safe',
  'gift',
  'barista',
  'home',
  'office',
  'quiet',
  'fast',
  'warm',
  'handmade',
  'matte',
  'polished',
  'insulated',
  'precise',
  'everyday',
];

export interface SearchFigures {
  products: number;
  insertSeconds: number;
  /** From the restart of catalog-service until /health/ready answers 200 (the index built from the store). */
  readySeconds: number;
  direct: { list: HttpFigures; search: HttpFigures };
  gateway: { list: HttpFigures; search: HttpFigures };
  suggestAtRate: HttpFigures & { rate: number };
  catalogRssMiB: { idleWithIndex: number; peak: number };
  paths: { list: string; search: string; suggest: string };
}

export interface SearchBenchOptions {
  mongoUrl: string;
  catalogDb: string;
  category: string;
  catalogUrl: string;
  gatewayUrl: string;
  token: string;
  seconds: number;
  /** Stops catalog-service and starts it again; resolves with its new pid. */
  restartCatalog(): Promise<number | undefined>;
  log(line: string): void;
}

/** 10,000 products written straight into the catalog's database, with names and descriptions from a small vocabulary. */
async function fill(opts: SearchBenchOptions): Promise<number> {
  const started = performance.now();
  const client = await new mongo.MongoClient(opts.mongoUrl).connect();
  try {
    const products = client.db(opts.catalogDb).collection('products');
    const now = Date.now();
    const pick = <T>(list: T[], i: number): T => list[i % list.length] as T;
    for (let start = 0; start < SEARCH_PRODUCTS; start += 1000) {
      const batch = Array.from({ length: Math.min(1000, SEARCH_PRODUCTS - start) }, (_, k) => {
        const i = start + k;
        const name = `${pick(ADJECTIVES, i)} ${pick(NOUNS, Math.floor(i / ADJECTIVES.length))} ${i}`;
        return {
          _id: new mongo.ObjectId(),
          sku: `SEARCH-${i}`,
          name,
          nameKey: name.toLowerCase(),
          description: `${pick(WORDS, i * 7)} ${pick(WORDS, i * 3 + 1)} ${pick(WORDS, i + 5)} ${pick(NOUNS, i)} for every kitchen`,
          category: opts.category,
          price: { amount: 500 + ((i * 37) % 20000), currency: 'EUR' },
          images: [],
          active: true,
          version: 1,
          stock: { available: i % 5, reserved: 0, sold: 0 },
          holds: {},
          createdAt: new Date(now - i * 1000),
          updatedAt: new Date(now - i * 1000),
        };
      });
      await products.insertMany(batch);
    }
  } finally {
    await client.close();
  }
  return (performance.now() - started) / 1000;
}

/**
 * Figure 7, search: list, search and suggest straight at catalog-service and through the gateway (a customer's
 * token), on 10,000 products loaded into the index at start. The products go straight into the store and
 * catalog-service is restarted, which is also how long a replica takes to become ready on such a catalog.
 */
export async function searchBench(opts: SearchBenchOptions): Promise<SearchFigures> {
  opts.log(`search: writing ${SEARCH_PRODUCTS} products into the catalog database`);
  const insertSeconds = await fill(opts);
  opts.log('search: restarting catalog-service, which builds its index from the store');
  const restarted = performance.now();
  const pid = await opts.restartCatalog();
  await waitForReady(opts.catalogUrl, 120000, 'catalog-service ready with its index');
  const readySeconds = (performance.now() - restarted) / 1000;
  const idleWithIndex = rssMiB(pid) ?? 0;
  const paths = {
    list: '/api/v1/products?limit=20',
    search: '/api/v1/products?q=steel%20kettle&limit=20',
    suggest: '/api/v1/products/suggest?q=espr',
  };
  const auth = { authorization: `Bearer ${opts.token}` };
  const { result, peak } = await peakRss({ catalog: pid }, async () => {
    const run = (base: string, path: string, headers?: Record<string, string>) =>
      httpRun(`${base}${path}`, { seconds: opts.seconds, headers });
    // A second of each first, unreported: the JIT warms up and the start-up build's garbage is collected.
    for (const path of [paths.list, paths.search, paths.suggest])
      await httpRun(`${opts.catalogUrl}${path}`, { seconds: 1 });
    opts.log('search: list and search, direct then through the gateway');
    const direct = { list: await run(opts.catalogUrl, paths.list), search: await run(opts.catalogUrl, paths.search) };
    const gateway = {
      list: await run(opts.gatewayUrl, paths.list, auth),
      search: await run(opts.gatewayUrl, paths.search, auth),
    };
    opts.log(`search: suggest at ${SUGGEST_RATE}/s`);
    const suggest = await httpRun(`${opts.catalogUrl}${paths.suggest}`, { seconds: opts.seconds, rate: SUGGEST_RATE });
    return { direct, gateway, suggestAtRate: { ...suggest, rate: SUGGEST_RATE } };
  });
  return {
    products: SEARCH_PRODUCTS,
    insertSeconds,
    readySeconds,
    ...result,
    catalogRssMiB: { idleWithIndex: Number(idleWithIndex.toFixed(1)), peak: Number((peak.catalog ?? 0).toFixed(1)) },
    paths,
  };
}
