// npm run eval:recs — offline evaluation of the recommendation model on a generated purchase history (README.md here).
import { performance } from 'node:perf_hooks';
import { evaluateAlsoBought, evaluateForUser, splitByTime, type Score } from './evaluate';
import { defaultSettings, generateHistory } from './purchase-history';
import { coPurchaseRecommender, popularityRecommender, randomRecommender } from './recommenders';

const K = 10;
const TRAIN_SHARE = 0.8;

const settings = defaultSettings;
const history = generateHistory(settings);
const split = splitByTime(history.baskets, TRAIN_SHARE);

const built = performance.now();
const model = coPurchaseRecommender(history.products, split.train);
const buildMs = performance.now() - built;
const timings = queryTimes();
const contenders = [model, popularityRecommender(split.train), randomRecommender(history.products, settings.seed + 1)];

const forUser = evaluateForUser(split, contenders, K);
const alsoBought = evaluateAlsoBought(split, contenders, K);

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const table = (title: string, scores: Score[]) =>
  [
    `| ${title} (${scores[0]?.cases ?? 0} cases) | hit-rate@${K} | NDCG@${K} |`,
    '|---|---:|---:|',
    ...scores.map((s) => `| ${s.name} | ${pct(s.hitRate)} | ${s.ndcg.toFixed(3)} |`),
  ].join('\n');

console.log(
  `history: seed ${settings.seed}, ${history.products.length} products in ${settings.categories} categories, ` +
    `${settings.users} customers in ${settings.segments} segments, ${settings.bundles} bundles, ` +
    `${history.baskets.length} orders over ${settings.days} days; ` +
    `trained on the first ${split.train.length} (before ${new Date(split.cutAt).toISOString().slice(0, 10)}), tested on the last ${split.test.length}`,
);
console.log();
console.log(table('"for you": the user\'s new products in the test period', forUser));
console.log();
console.log(table('"also bought": the rest of a test basket', alsoBought));
console.log();
console.log(`model: ${split.train.length} baskets added in ${buildMs.toFixed(0)} ms; ${timings}`);

const [modelScore, popularityScore] = forUser;
if (
  !modelScore ||
  !popularityScore ||
  modelScore.ndcg <= popularityScore.ndcg ||
  modelScore.hitRate <= popularityScore.hitRate
) {
  console.error('the model does not beat the popularity baseline');
  process.exitCode = 1;
}

/**
 * The model's own query time straight from memory (no HTTP), over every user and every product: the first pass ranks
 * each product's neighbours as it meets them, the second finds them ranked.
 */
function queryTimes(): string {
  const userIds = [...new Set(split.train.map((b) => b.userId))];
  const productIds = history.products.map((p) => p.productId);
  const time = (ids: string[], query: (id: string) => unknown) => {
    const times = ids.map((id) => {
      const t = performance.now();
      query(id);
      return performance.now() - t;
    });
    times.sort((a, b) => a - b);
    const at = (q: number) => (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(2);
    return `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`;
  };
  const forUser = (id: string) => model.model.forUser(id, K);
  const alsoBought = (id: string) => model.model.alsoBought(id, K);
  return [
    `alsoBought(·, ${K}) over ${productIds.length} products: first ${time(productIds, alsoBought)}, again ${time(productIds, alsoBought)}`,
    `forUser(·, ${K}) over ${userIds.length} users: first ${time(userIds, forUser)}, again ${time(userIds, forUser)}`,
  ].join('; ');
}
