import { api, type Money } from '../api';
import { Price, useAsync } from '../ui';

/** One item of recommendation-service's lists (SPEC 7a). */
export interface Recommendation {
  productId: string;
  name: string;
  price: Money;
  score: number;
}

/** The lists of SPEC 7a: at most 3 of one category in 10. */
const LIMIT = 10;

/**
 * A list of recommended products under a heading. Recommendations are a bonus: while loading, when the service is
 * down (503) or refuses, nothing is shown; when it knows nothing to recommend, the heading says so in one line.
 */
function RecommendationList({
  title,
  testId,
  path,
  empty,
}: {
  title: string;
  testId: string;
  path: string;
  empty: string;
}) {
  const list = useAsync(() => api<{ items: Recommendation[] }>(path), [path]);
  if (list.error || !list.data) return null;
  const headingId = `${testId}-title`;
  return (
    <section aria-labelledby={headingId} class="recommendations" data-testid={testId}>
      <h2 id={headingId}>{title}</h2>
      {list.data.items.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <ul class="grid">
          {list.data.items.map((item) => (
            <li key={item.productId} class="card" data-testid="recommended-product">
              <a href={`/products/${encodeURIComponent(item.productId)}`} class="card-link">
                <span class="card-image" aria-hidden="true">
                  {item.name.slice(0, 1)}
                </span>
                <span class="card-name">{item.name}</span>
              </a>
              <Price money={item.price} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** "Customers also bought" on a product page: products bought by the customers who bought this one. */
export function AlsoBought({ productId }: { productId: string }) {
  return (
    <RecommendationList
      title="Customers also bought"
      testId="also-bought"
      path={`/products/${encodeURIComponent(productId)}/also-bought?limit=${LIMIT}`}
      empty="Nothing bought together with this product yet."
    />
  );
}

/** "Recommended for you" on the home page of a signed-in customer. */
export function RecommendedForYou() {
  return (
    <RecommendationList
      title="Recommended for you"
      testId="for-you"
      path={`/recommendations/me?limit=${LIMIT}`}
      empty="No recommendations yet: they come with your first orders."
    />
  );
}
