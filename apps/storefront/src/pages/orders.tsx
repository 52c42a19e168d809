import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { onConnected, onLive, useLive } from '../live';
import { reasonText, type Order } from '../model';
import { ErrorNote, LineList, Loading, Price, ShowMore, StatusBadge, useAsync, usePaged } from '../ui';

const CANCELLABLE = new Set(['pending', 'confirmed']);

/** One order, its status kept current from the live stream (no reload): pending → confirmed, or rejected with why. */
export function OrderPage({ id }: { id: string }) {
  const order = useAsync(() => api<Order>(`/orders/${encodeURIComponent(id)}`), [id]);
  const live = useLive();
  const [cancelError, setCancelError] = useState<unknown>(null);
  const [cancelling, setCancelling] = useState(false);
  const { reload } = order;
  useEffect(() => {
    const offItem = onLive((item) => item.order?.orderId === id && reload());
    // Whatever happened while the stream was away is read again when it comes back.
    const offConnected = onConnected(reload);
    return () => {
      offItem();
      offConnected();
    };
  }, [id, reload]);
  if (order.error && !order.data) return <ErrorNote error={order.error} />;
  const o = order.data;
  if (!o) return <Loading label="Loading order" />;
  const rejection = o.reason ?? o.history?.find((h) => h.status === 'rejected')?.reason;
  const cancel = async () => {
    setCancelling(true);
    setCancelError(null);
    try {
      await api(`/orders/${o.id}/cancel`, { method: 'POST' });
      reload();
    } catch (error) {
      setCancelError(error);
    } finally {
      setCancelling(false);
    }
  };
  return (
    <section>
      <h1>Order {o.id}</h1>
      <p aria-live="polite">
        Status: <StatusBadge status={o.status} reason={o.status === 'rejected' ? rejection : undefined} />
      </p>
      {o.status === 'rejected' && rejection ? (
        <p class="error" data-testid="rejection-reason">
          Your order could not be accepted: {reasonText(rejection)}.
        </p>
      ) : null}
      {o.status === 'pending' && live.stream !== 'live' ? (
        <p class="muted">Waiting for the live connection to follow this order…</p>
      ) : null}
      <LineList lines={o.items.map((i) => ({ ...i, price: i.unitPrice ?? i.price }))} />
      <p class="total">
        Total <Price money={o.total} />
      </p>
      {o.shippingAddress ? (
        <p class="muted">
          Ships to {o.shippingAddress.name}, {o.shippingAddress.line1}, {o.shippingAddress.postalCode}{' '}
          {o.shippingAddress.city}, {o.shippingAddress.country}
        </p>
      ) : null}
      <h2>Timeline</h2>
      <ol class="timeline">
        {(o.history ?? []).map((h, i) => (
          <li key={i}>
            <strong>{h.status}</strong> <time dateTime={h.at}>{new Date(h.at).toLocaleString()}</time>
            {h.reason ? ` — ${reasonText(h.reason)}` : ''}
          </li>
        ))}
      </ol>
      {CANCELLABLE.has(o.status) ? (
        <button type="button" class="secondary" onClick={() => void cancel()} disabled={cancelling}>
          Cancel order
        </button>
      ) : null}
      <ErrorNote error={cancelError} />
    </section>
  );
}

export function OrdersPage() {
  const paged = usePaged<Order>(
    (cursor) => `/orders?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    [],
  );
  const { items } = paged;
  return (
    <section>
      <h1>Your orders</h1>
      <ErrorNote error={paged.error} />
      {paged.loading && !paged.data ? <Loading label="Loading orders" /> : null}
      {paged.data && items.length === 0 ? <p>No orders yet.</p> : null}
      <ul class="lines" data-testid="order-list">
        {items.map((o) => (
          <li key={o.id}>
            <a href={`/orders/${o.id}`}>
              <time dateTime={o.createdAt}>{new Date(o.createdAt).toLocaleDateString()}</time> · {o.items.length} item
              {o.items.length === 1 ? '' : 's'}
            </a>
            <span class="row">
              <Price money={o.total} /> <StatusBadge status={o.status} />
            </span>
          </li>
        ))}
      </ul>
      <ShowMore paged={paged} />
    </section>
  );
}
