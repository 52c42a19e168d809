/** 1 when any relevant product is in the first k recommended, else 0. */
export function hitAt(k: number, recommended: readonly string[], relevant: ReadonlySet<string>): number {
  return recommended.slice(0, k).some((id) => relevant.has(id)) ? 1 : 0;
}

/** Normalised discounted cumulative gain with binary relevance: DCG of the list over the DCG of a perfect one. */
export function ndcgAt(k: number, recommended: readonly string[], relevant: ReadonlySet<string>): number {
  let dcg = 0;
  recommended.slice(0, k).forEach((id, rank) => {
    if (relevant.has(id)) dcg += 1 / Math.log2(rank + 2);
  });
  let ideal = 0;
  for (let rank = 0; rank < Math.min(k, relevant.size); rank++) ideal += 1 / Math.log2(rank + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}
