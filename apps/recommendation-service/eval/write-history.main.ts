// Bench figure 9's data: the evaluation's generated history written into recommendation-service's store as the service
// keeps it, so that a restarted service loads it. Run by tools/bench/src/recs-bench.ts in a process of its own; prints
// one JSON object (the product ids, and how many products each given customer's history holds).
// usage: node tools/loadgen/run-ts.mjs apps/recommendation-service/eval/write-history.main.ts
//          --mongo-url=<url> --db=<database> --customers=<userId,userId,...>
import { mongo } from 'mongoose';
import { defaultSettings, generateHistory } from './purchase-history';

const arg = (name: string): string => {
  const value = process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  if (!value) throw new Error(`--${name}= is required`);
  return value;
};

/** 3,000 products and 6,000 customers: about 30,000 purchases. */
const SETTINGS = { ...defaultSettings, products: 3000, users: 6000, bundles: 400, segmentFavourites: 80 };

/**
 * The given customers take over the histories of generated customers of every size, from the one with most products
 * down to about a median one; every other customer and every product gets a fresh ObjectId.
 */
async function main(): Promise<void> {
  const given = arg('customers').split(',');
  const history = generateHistory(SETTINGS);
  const productIds = new Map(history.products.map((p) => [p.productId, new mongo.ObjectId().toHexString()]));
  const productsOf = new Map<string, Set<string>>();
  for (const basket of history.baskets) {
    const set = productsOf.get(basket.userId) ?? new Set<string>();
    basket.productIds.forEach((id) => set.add(id));
    productsOf.set(basket.userId, set);
  }
  const bySize = [...productsOf].sort((a, b) => b[1].size - a[1].size);
  const userIds = new Map([...productsOf.keys()].map((id) => [id, new mongo.ObjectId().toHexString()]));
  const givenCustomerProducts: number[] = [];
  given.forEach((userId, k) => {
    const [generated, products] = bySize[Math.floor((k / given.length) * (bySize.length / 2))] ?? [];
    if (!generated || !products) return;
    userIds.set(generated, userId);
    givenCustomerProducts.push(products.size);
  });

  const started = performance.now();
  const client = await new mongo.MongoClient(arg('mongo-url')).connect();
  try {
    const db = client.db(arg('db'));
    const changedAt = new Date(Date.UTC(2026, 0, 1));
    const products = history.products.map((p) => ({
      _id: productIds.get(p.productId) as string,
      name: p.name,
      price: p.price,
      category: p.category,
      active: true,
      changedAt,
    }));
    const purchases = history.baskets.map((b) => ({
      _id: new mongo.ObjectId().toHexString(),
      userId: userIds.get(b.userId),
      productIds: b.productIds.map((id) => productIds.get(id)),
      at: new Date(b.at),
      cancelled: false,
    }));
    for (let start = 0; start < products.length; start += 1000)
      await db.collection<{ _id: string }>('products').insertMany(products.slice(start, start + 1000));
    for (let start = 0; start < purchases.length; start += 1000)
      await db.collection<{ _id: string }>('purchases').insertMany(purchases.slice(start, start + 1000));
  } finally {
    await client.close();
  }
  const written = {
    productIds: [...productIds.values()],
    customers: productsOf.size,
    purchases: history.baskets.length,
    givenCustomerProducts,
    insertSeconds: (performance.now() - started) / 1000,
  };
  process.stdout.write(`${JSON.stringify(written)}\n`);
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
