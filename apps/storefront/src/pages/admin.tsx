import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, call, formatMoney, session, type Money } from '../api';
import type { Order, OrderStatus, Product } from '../model';
import {
  ErrorNote,
  Field,
  fieldBinder,
  InlineInput,
  Loading,
  Price,
  ShowMore,
  StatusBadge,
  useAsync,
  usePaged,
} from '../ui';
import { useCategories } from './catalog';

/** "12.5" → 1250 minor units; NaN for anything else. */
function toMinor(text: string): number {
  return /^\d+(\.\d{1,2})?$/.test(text.trim()) ? Math.round(Number(text.trim()) * 100) : Number.NaN;
}

function useAction() {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>, done?: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      done?.();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

function NewProduct({ onCreated }: { onCreated: () => void }) {
  const categories = useCategories();
  const [form, setForm] = useState({ sku: '', name: '', description: '', category: '', price: '', stock: '0' });
  const { error, busy, run } = useAction();
  const bind = fieldBinder(form, setForm, error);
  const submit = (e: Event) => {
    e.preventDefault();
    const price: Money = { amount: toMinor(form.price), currency: 'EUR' };
    const body = {
      sku: form.sku.trim(),
      name: form.name.trim(),
      ...(form.description.trim() ? { description: form.description.trim() } : {}),
      category: form.category || categories.data?.[0]?.slug || '',
      price,
      stock: { available: Number(form.stock) || 0 },
    };
    void run(
      () => api('/products', { method: 'POST', body }),
      () => {
        setForm({ sku: '', name: '', description: '', category: form.category, price: '', stock: '0' });
        onCreated();
      },
    );
  };
  return (
    <form onSubmit={submit} class="narrow" aria-labelledby="new-product">
      <h2 id="new-product">New product</h2>
      <Field label="SKU" {...bind('sku')} required maxLength={64} />
      <Field label="Product name" {...bind('name')} required maxLength={200} />
      <Field label="Description" {...bind('description')} maxLength={5000} />
      <div class="field">
        <label for="f-category">Category</label>
        <select
          id="f-category"
          value={form.category}
          onChange={(e) => bind('category').onInput((e.target as HTMLSelectElement).value)}
        >
          {categories.data?.map((c) => (
            <option key={c.slug} value={c.slug}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <Field label="Price (EUR)" {...bind('price')} required pattern="\d+(\.\d{1,2})?" hint="e.g. 12.90" />
      <Field label="Initial stock" type="number" {...bind('stock')} />
      <ErrorNote error={error} />
      <button type="submit" disabled={busy}>
        Create product
      </button>
    </form>
  );
}

/** A paged list as a table: its columns, then a last one for the row's actions; errors, loading and "Show more". */
function PagedTable({
  paged,
  columns,
  children,
}: {
  paged: { error?: unknown; loading: boolean; data?: unknown; hasMore: boolean; more: () => Promise<void> };
  columns: string[];
  children: ComponentChildren;
}) {
  return (
    <>
      <ErrorNote error={paged.error} />
      {paged.loading && !paged.data ? <Loading /> : null}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      </div>
      <ShowMore paged={paged} />
    </>
  );
}

/** One product: edit (If-Match with the ETag read, so a stale edit is refused with 412), stock, archive. */
function ProductRow({ product, onChange }: { product: Product; onChange: () => void }) {
  const [name, setName] = useState(product.name);
  const [price, setPrice] = useState((product.price.amount / 100).toFixed(2));
  const [stock, setStock] = useState(String(product.stock.available));
  const [etag, setEtag] = useState<string | null>(null);
  const { error, busy, run } = useAction();
  const label = product.name;
  // The version edited is the one read when editing began (first focus); a change by someone else since answers 412.
  const readTag = async (): Promise<string | null> => {
    if (etag) return etag;
    const tag = (await call(`/products/${product.id}`)).response.headers.get('etag');
    setEtag(tag);
    return tag;
  };
  const beginEdit = () => void readTag().catch(() => undefined);
  const save = () =>
    run(async () => {
      const tag = await readTag();
      const { response } = await call(`/products/${product.id}`, {
        method: 'PATCH',
        body: { name: name.trim(), price: { amount: toMinor(price), currency: product.price.currency } },
        headers: tag ? { 'if-match': tag } : {},
      });
      setEtag(response.headers.get('etag'));
    }, onChange);
  return (
    <tr data-testid="admin-product" data-sku={product.sku}>
      <td>
        <InlineInput
          id={`name-${product.id}`}
          label={`Name of ${label}`}
          value={name}
          onFocus={beginEdit}
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
        />
        <small class="muted">{product.sku}</small>
        <ErrorNote error={error} />
      </td>
      <td>
        <InlineInput
          id={`price-${product.id}`}
          label={`Price of ${label}`}
          class="qty"
          value={price}
          onFocus={beginEdit}
          onInput={(e) => setPrice((e.target as HTMLInputElement).value)}
        />
        <button type="button" class="link" disabled={busy} onClick={() => void save()}>
          Save
        </button>
      </td>
      <td>
        <InlineInput
          id={`stock-${product.id}`}
          label={`Stock of ${label}`}
          class="qty"
          type="number"
          min={0}
          value={stock}
          onInput={(e) => setStock((e.target as HTMLInputElement).value)}
        />
        <button
          type="button"
          class="link"
          disabled={busy}
          onClick={() =>
            void run(
              () => api(`/products/${product.id}/stock`, { method: 'PUT', body: { available: Number(stock) } }),
              onChange,
            )
          }
          aria-label={`Set stock of ${label}`}
        >
          Set
        </button>
        <small class="muted">{product.stock.reserved} reserved</small>
      </td>
      <td>
        <button
          type="button"
          class="link"
          disabled={busy}
          onClick={() =>
            confirm(`Archive ${label}?`) &&
            void run(() => api(`/products/${product.id}`, { method: 'DELETE' }), onChange)
          }
          aria-label={`Archive ${label}`}
        >
          Archive
        </button>
      </td>
    </tr>
  );
}

function ProductsTab() {
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const paged = usePaged<Product>(
    (cursor) =>
      `/products?limit=50&sort=-createdAt${search ? `&q=${encodeURIComponent(search)}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    [search],
  );
  return (
    <>
      <NewProduct onCreated={paged.reload} />
      <h2>Products</h2>
      <form
        class="row"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(q.trim());
        }}
      >
        <label for="admin-q">Find</label>
        <input id="admin-q" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
        <button type="submit" class="secondary">
          Find
        </button>
      </form>
      <PagedTable paged={paged} columns={['Name', 'Price', 'Stock']}>
        {paged.items.map((p) => (
          <ProductRow key={`${p.id}-${p.version}`} product={p} onChange={paged.reload} />
        ))}
      </PagedTable>
    </>
  );
}

/** The back office's one step for an order in a status: a confirmed order is shipped, a shipped one delivered. */
const NEXT_STEP: Partial<Record<OrderStatus, { verb: 'ship' | 'deliver'; label: string }>> = {
  confirmed: { verb: 'ship', label: 'Ship' },
  shipped: { verb: 'deliver', label: 'Deliver' },
};

function OrderRow({ order, onChange }: { order: Order; onChange: () => void }) {
  const { error, busy, run } = useAction();
  const step = NEXT_STEP[order.status];
  return (
    <tr data-testid="admin-order" data-order={order.id}>
      <td>
        <a href={`/orders/${order.id}`}>{order.id}</a>
        <br />
        <small class="muted">{new Date(order.createdAt).toLocaleString()}</small>
        <ErrorNote error={error} />
      </td>
      <td>
        <Price money={order.total} />
      </td>
      <td>
        <StatusBadge status={order.status} />
      </td>
      <td>
        {step ? (
          <button
            type="button"
            class="secondary"
            disabled={busy}
            onClick={() => void run(() => api(`/orders/${order.id}/${step.verb}`, { method: 'POST' }), onChange)}
            aria-label={`${step.label} order ${order.id}`}
          >
            {step.label}
          </button>
        ) : null}
      </td>
    </tr>
  );
}

function OrdersTab() {
  const paged = usePaged<Order>(
    (cursor) => `/orders?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    [],
  );
  return (
    <>
      <h2>Orders</h2>
      <button type="button" class="secondary" onClick={paged.reload}>
        Refresh
      </button>
      <PagedTable paged={paged} columns={['Order', 'Total', 'Status']}>
        {paged.items.map((o) => (
          <OrderRow key={`${o.id}-${o.status}`} order={o} onChange={paged.reload} />
        ))}
      </PagedTable>
    </>
  );
}

interface SalesReport {
  from: string;
  to: string;
  days: Array<{ date: string; orders: number; revenue: Money }>;
  topProducts: Array<{ productId: string; name: string; quantity: number; revenue: Money }>;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Revenue per day over confirmed orders as a bar chart, and the best sellers. */
function SalesTab() {
  const [to] = useState(() => day(new Date()));
  const [from] = useState(() => day(new Date(Date.now() - 13 * 86_400_000)));
  const report = useAsync(() => api<SalesReport>(`/reports/sales?from=${from}&to=${to}`), [from, to]);
  const r = report.data;
  const byDate = new Map(r?.days.map((d) => [d.date, d]) ?? []);
  const dates = Array.from({ length: 14 }, (_, i) => day(new Date(Date.parse(from) + i * 86_400_000)));
  const max = Math.max(1, ...(r?.days.map((d) => d.revenue.amount) ?? []));
  return (
    <>
      <h2>
        Sales {from} to {to}
      </h2>
      <ErrorNote error={report.error} />
      {!r && !report.error ? <Loading /> : null}
      {r ? (
        <>
          <figure>
            <div
              class="chart"
              role="img"
              aria-label={`Revenue per day: ${r.days.map((d) => `${d.date} ${formatMoney(d.revenue)}`).join(', ') || 'no sales'}`}
              data-testid="sales-chart"
            >
              {dates.map((date) => {
                const d = byDate.get(date);
                return (
                  <div
                    key={date}
                    class="bar-slot"
                    title={`${date}: ${d ? formatMoney(d.revenue) : '0'} (${d?.orders ?? 0} orders)`}
                  >
                    <span class="bar-value">{d ? formatMoney(d.revenue) : ''}</span>
                    <div class="bar-col" style={{ height: `${((d?.revenue.amount ?? 0) / max) * 100}%` }} />
                    <span class="bar-label">{date.slice(5)}</span>
                  </div>
                );
              })}
            </div>
            <figcaption class="muted">
              Revenue per day, confirmed orders ({r.days.reduce((n, d) => n + d.orders, 0)} in all)
            </figcaption>
          </figure>
          <h3>Top products</h3>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col">Sold</th>
                  <th scope="col">Revenue</th>
                </tr>
              </thead>
              <tbody>
                {r.topProducts.map((p) => (
                  <tr key={p.productId}>
                    <td>{p.name}</td>
                    <td>{p.quantity}</td>
                    <td>
                      <Price money={p.revenue} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </>
  );
}

const TABS = { products: 'Products', orders: 'Orders', sales: 'Sales' } as const;

export function AdminPage({ url }: { url: URL }) {
  if (!session()?.roles.includes('admin'))
    return (
      <section>
        <h1>Back office</h1>
        <p class="error">This page is for administrators.</p>
      </section>
    );
  const tab = (url.pathname.split('/')[2] ?? 'products') as keyof typeof TABS;
  return (
    <section>
      <h1>Back office</h1>
      <nav class="tabs chips" aria-label="Back office">
        {Object.entries(TABS).map(([key, name]) => (
          <a key={key} href={`/admin/${key}`} aria-current={tab === key ? 'page' : undefined}>
            {name}
          </a>
        ))}
      </nav>
      {tab === 'orders' ? <OrdersTab /> : tab === 'sales' ? <SalesTab /> : <ProductsTab />}
    </section>
  );
}
