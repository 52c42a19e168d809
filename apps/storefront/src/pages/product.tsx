import { useState } from 'preact/hooks';
import { api } from '../api';
import { addToCart } from '../cart';
import type { Product } from '../model';
import { ErrorNote, Loading, Price, useAsync } from '../ui';
import { AlsoBought } from './recommendations';

export function ProductPage({ id }: { id: string }) {
  const product = useAsync(() => api<Product>(`/products/${encodeURIComponent(id)}`), [id]);
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState(false);
  if (product.error) return <ErrorNote error={product.error} />;
  const p = product.data;
  if (!p) return <Loading label="Loading product" />;
  const out = p.stock.available <= 0;
  return (
    <>
      <article class="product">
        <div class="product-image" aria-hidden="true">
          {p.name.slice(0, 1)}
        </div>
        <div>
          <h1>{p.name}</h1>
          <p class="big">
            <Price money={p.price} />
          </p>
          <p>{p.description}</p>
          <p class={out ? 'error' : 'muted'}>{out ? 'Out of stock' : `${p.stock.available} in stock`}</p>
          <form
            class="row"
            onSubmit={(e) => {
              e.preventDefault();
              addToCart({ productId: p.id, name: p.name, price: p.price }, quantity);
              setAdded(true);
            }}
          >
            <label for="quantity">Quantity</label>
            <input
              id="quantity"
              type="number"
              min={1}
              max={100}
              value={quantity}
              class="qty"
              onInput={(e) => setQuantity(Math.max(1, Number((e.target as HTMLInputElement).value) || 1))}
            />
            <button type="submit" disabled={out}>
              Add to cart
            </button>
          </form>
          {added ? (
            <p role="status">
              Added to your cart. <a href="/cart">View cart</a>
            </p>
          ) : null}
        </div>
      </article>
      <AlsoBought productId={p.id} />
    </>
  );
}
