import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { addToCart } from '../cart';
import type { Category, Page, Product } from '../model';
import { navigate } from '../router';
import { ErrorNote, Loading, Price, ShowMore, useAsync, usePaged } from '../ui';

export function useCategories() {
  return useAsync(
    () => api<Category[] | Page<Category>>('/categories').then((c) => (Array.isArray(c) ? c : c.items)),
    [],
  );
}

export function ProductCard({ product }: { product: Product }) {
  const out = product.stock.available <= 0;
  return (
    <li class="card" data-testid="product-card">
      <a href={`/products/${product.id}`} class="card-link">
        <span class="card-image" aria-hidden="true">
          {product.name.slice(0, 1)}
        </span>
        <span class="card-name">{product.name}</span>
      </a>
      <span class="card-meta">
        <Price money={product.price} />
        {out ? <span class="muted">Out of stock</span> : null}
      </span>
      <button
        type="button"
        class="secondary"
        disabled={out}
        onClick={() => addToCart({ productId: product.id, name: product.name, price: product.price })}
        aria-label={`Add to cart: ${product.name}`}
      >
        Add to cart
      </button>
    </li>
  );
}

/** The product list: all, one category, or search results (relevance order, typo tolerant). */
export function CatalogPage({ category, q }: { category?: string; q?: string }) {
  const categories = useCategories();
  const paged = usePaged<Product>(
    (cursor) => {
      const params = new URLSearchParams({ limit: '24' });
      if (category) params.set('category', category);
      if (q) params.set('q', q);
      if (cursor) params.set('cursor', cursor);
      return `/products?${params}`;
    },
    [category, q],
  );
  const title = q
    ? `Results for “${q}”`
    : (categories.data?.find((c) => c.slug === category)?.name ?? (category ? category : 'All products'));
  const { items } = paged;
  return (
    <section aria-labelledby="catalog-title">
      <nav aria-label="Categories" class="chips">
        <a href="/" aria-current={!category && !q ? 'page' : undefined}>
          All
        </a>
        {categories.data?.map((c) => (
          <a key={c.slug} href={`/c/${c.slug}`} aria-current={category === c.slug ? 'page' : undefined}>
            {c.name}
          </a>
        ))}
      </nav>
      <h1 id="catalog-title">{title}</h1>
      <ErrorNote error={paged.error} />
      {paged.loading && !paged.data ? <Loading label="Loading products" /> : null}
      {paged.data && items.length === 0 ? <p>No products found{q ? ` for “${q}”` : ''}.</p> : null}
      <ul class="grid" data-testid="product-list">
        {items.map((p) => (
          <ProductCard key={p.id} product={p} />
        ))}
      </ul>
      <ShowMore paged={paged} />
    </section>
  );
}

/** The search box: name completions as you type (up to 8), arrow keys to pick, Enter to search. */
export function SearchBox({ initial }: { initial: string }) {
  const [text, setText] = useState(initial);
  const [suggestions, setSuggestions] = useState<Array<{ id: string; name: string }>>([]);
  const [active, setActive] = useState(-1);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => setText(initial), [initial]);
  const onInput = (value: string) => {
    setText(value);
    clearTimeout(timer.current);
    if (value.trim().length < 2) return setSuggestions([]);
    timer.current = setTimeout(() => {
      api<{ items: Array<{ id: string; name: string }> }>(
        `/products/suggest?q=${encodeURIComponent(value.trim())}`,
      ).then(
        (r) => {
          setSuggestions(r.items);
          setActive(-1);
        },
        () => setSuggestions([]),
      );
    }, 150);
  };
  const submit = (e: Event) => {
    e.preventDefault();
    const chosen = suggestions[active];
    setSuggestions([]);
    if (chosen) navigate(`/products/${chosen.id}`);
    else if (text.trim()) navigate(`/search?q=${encodeURIComponent(text.trim())}`);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((i) => Math.min(suggestions.length - 1, i + 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(-1, i - 1));
    else if (e.key === 'Escape') setSuggestions([]);
    else return;
    e.preventDefault();
  };
  const open = suggestions.length > 0;
  return (
    <form role="search" class="search" onSubmit={submit}>
      <label for="search-input" class="visually-hidden">
        Search products
      </label>
      <input
        id="search-input"
        type="search"
        placeholder="Search products"
        value={text}
        autocomplete="off"
        role="combobox"
        aria-expanded={open}
        aria-controls="search-suggestions"
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? `suggestion-${active}` : undefined}
        onInput={(e) => onInput((e.target as HTMLInputElement).value)}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setSuggestions([]), 150)}
      />
      <button type="submit">Search</button>
      {open ? (
        <ul id="search-suggestions" role="listbox" class="suggestions" aria-label="Suggestions">
          {suggestions.map((s, i) => (
            <li
              key={s.id}
              id={`suggestion-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                setSuggestions([]);
                navigate(`/products/${s.id}`);
              }}
            >
              {s.name}
            </li>
          ))}
        </ul>
      ) : null}
    </form>
  );
}
