import type { Basket, ProductInfo } from '../src/model';
import { Random, WeightedPicker } from './random';

export interface HistorySettings {
  seed: number;
  products: number;
  categories: number;
  segments: number;
  /** categories each segment prefers */
  segmentCategories: number;
  /** products each segment prefers, drawn from its categories */
  segmentFavourites: number;
  bundles: number;
  users: number;
  /** mean number of orders per user above the first */
  extraOrders: number;
  days: number;
  /** chance that an order holds one of the user's segment's bundles */
  bundleChance: number;
  /** chance that an item besides a bundle comes from the segment's favourites rather than the whole shop */
  segmentChance: number;
}

export const defaultSettings: HistorySettings = {
  seed: 18,
  products: 1200,
  categories: 12,
  segments: 10,
  segmentCategories: 3,
  segmentFavourites: 40,
  bundles: 150,
  users: 4000,
  extraOrders: 4,
  days: 365,
  bundleChance: 0.35,
  segmentChance: 0.6,
};

export interface PurchaseHistory {
  products: ProductInfo[];
  /** ordered by time */
  baskets: Basket[];
}

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);

/**
 * A year of orders with planted structure: every product has a long-tailed (Zipf) shop-wide popularity; each customer
 * belongs to a segment that prefers a few categories and some favourite products in them; bundles (2–4 products
 * from anywhere in the shop) are bought together, mostly by the segment they belong to.
 */
export function generateHistory(settings: HistorySettings = defaultSettings): PurchaseHistory {
  const random = new Random(settings.seed);
  const products = Array.from({ length: settings.products }, (_, i) => product(i, random.int(settings.categories)));
  const ids = products.map((p) => p.productId);

  const popularityRanks = random.sample(ids, ids.length);
  const shop = new WeightedPicker(
    popularityRanks,
    popularityRanks.map((_, rank) => 1 / (rank + 1) ** 0.9),
  );

  const segments = Array.from({ length: settings.segments }, () => {
    const categories = random.sample(range(settings.categories), settings.segmentCategories).map(categoryName);
    const inCategories = products.filter((p) => categories.includes(p.category ?? '')).map((p) => p.productId);
    const favourites = random.sample(inCategories, settings.segmentFavourites);
    return {
      favourites: new WeightedPicker(
        favourites,
        favourites.map((_, rank) => 1 / (rank + 1) ** 0.5),
      ),
      bundles: [] as string[][],
    };
  });
  const bundles = Array.from({ length: settings.bundles }, () => random.sample(ids, 2 + random.int(3)));
  for (const bundle of bundles) random.pick(segments).bundles.push(bundle);

  const baskets: Basket[] = [];
  for (let u = 0; u < settings.users; u++) {
    const userId = `user-${pad(u, 5)}`;
    const segment = random.pick(segments);
    const orders = random.count(settings.extraOrders);
    for (let o = 0; o < orders; o++) {
      const items: string[] = [];
      if (random.next() < settings.bundleChance) {
        const bundle =
          random.next() < 0.8 && segment.bundles.length > 0 ? random.pick(segment.bundles) : random.pick(bundles);
        items.push(...bundle.filter(() => random.next() < 0.9));
      }
      const extra = random.int(3) + (items.length === 0 ? 1 : 0);
      for (let i = 0; i < extra; i++) {
        items.push(random.next() < settings.segmentChance ? segment.favourites.pick(random) : shop.pick(random));
      }
      if (items.length === 0) items.push(shop.pick(random));
      baskets.push({
        orderId: `order-${u}-${o}`,
        userId,
        productIds: items,
        at: START + random.next() * settings.days * DAY,
      });
    }
  }
  baskets.sort((a, b) => a.at - b.at);
  return { products, baskets };
}

function product(i: number, category: number): ProductInfo {
  return {
    productId: `product-${pad(i, 4)}`,
    name: `Product ${i}`,
    price: { amount: 500 + ((i * 37) % 9500), currency: 'EUR' },
    category: categoryName(category),
    active: true,
  };
}

const categoryName = (i: number) => `category-${pad(i, 2)}`;
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
