import { useRef, useState } from 'preact/hooks';
import { api, session } from '../api';
import { cartTotal, clearCart, useCart } from '../cart';
import type { Address, Order } from '../model';
import { navigate } from '../router';
import { ErrorNote, Field, fieldBinder, LineList, Loading, Price, useAsync } from '../ui';

const EMPTY: Address = { name: '', line1: '', line2: '', city: '', postalCode: '', country: '' };

function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** One Idempotency-Key per distinct order body: a double click or a retry after a lost answer places one order. */
function useIdempotencyKey() {
  const last = useRef<{ body: string; key: string } | null>(null);
  return (body: unknown): string => {
    const text = JSON.stringify(body);
    if (last.current?.body !== text) last.current = { body: text, key: newKey() };
    return last.current.key;
  };
}

export function AddressFields({
  value,
  onChange,
  error,
}: {
  value: Address;
  onChange: (a: Address) => void;
  error?: unknown;
}) {
  const bind = fieldBinder(value, onChange, error);
  return (
    <div class="address-fields">
      <Field label="Recipient name" {...bind('name')} required autocomplete="name" maxLength={200} />
      <Field label="Address" {...bind('line1')} required autocomplete="address-line1" maxLength={200} />
      <Field label="Address line 2 (optional)" {...bind('line2')} autocomplete="address-line2" maxLength={200} />
      <Field label="City" {...bind('city')} required autocomplete="address-level2" maxLength={100} />
      <Field label="Postal code" {...bind('postalCode')} required autocomplete="postal-code" maxLength={20} />
      <Field
        label="Country (2 letters)"
        {...bind('country', (v) => v.toUpperCase())}
        required
        autocomplete="country"
        maxLength={2}
        pattern="[A-Za-z]{2}"
        hint="ISO code, e.g. DE, FR, GB"
      />
    </div>
  );
}

function compact(a: Address): Address {
  return Object.fromEntries(
    Object.entries(a).filter(([k, v]) => k !== 'id' && v !== '' && v !== undefined),
  ) as unknown as Address;
}

export function CheckoutPage() {
  const lines = useCart();
  const total = cartTotal(lines);
  const signedIn = session() !== null;
  const addresses = useAsync(
    () =>
      signedIn
        ? api<Address[] | { items: Address[] }>('/users/me/addresses').then((r) => (Array.isArray(r) ? r : r.items))
        : Promise.resolve([]),
    [signedIn],
  );
  const [choice, setChoice] = useState<string>('');
  const [address, setAddress] = useState<Address>(EMPTY);
  const [save, setSave] = useState(false);
  const [token, setToken] = useState('tok_visa');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const keyFor = useIdempotencyKey();
  const submitting = useRef(false);

  if (!signedIn)
    return (
      <section>
        <h1>Checkout</h1>
        <p>
          Please <a href="/login?next=/checkout">log in</a> or <a href="/register?next=/checkout">create an account</a>{' '}
          to place your order.
        </p>
      </section>
    );
  if (lines.length === 0)
    return (
      <section>
        <h1>Checkout</h1>
        <p>
          Your cart is empty. <a href="/">Browse products</a>
        </p>
      </section>
    );
  if (addresses.loading && !addresses.data) return <Loading />;
  const saved = addresses.data ?? [];
  const selected = choice || (saved[0]?.id ?? 'new');

  const place = async (e: Event) => {
    e.preventDefault();
    // A second click before the re-render that disables the button: the ref is current, the state not yet.
    if (submitting.current) return;
    submitting.current = true;
    setBusy(true);
    setError(null);
    try {
      let target: { addressId: string } | { shippingAddress: Address };
      if (selected === 'new') {
        const fresh = compact(address);
        // Saved for next time, but this order carries the address itself: order-service learns saved addresses from
        // events, so an id used at once could still be unknown there.
        if (save) await api<Address>('/users/me/addresses', { method: 'POST', body: fresh });
        target = { shippingAddress: fresh };
      } else target = { addressId: selected };
      const body = {
        items: lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
        ...target,
        payment: { method: 'card', token: token.trim() },
      };
      const order = await api<Order>('/orders', { method: 'POST', body, headers: { 'idempotency-key': keyFor(body) } });
      clearCart();
      navigate(`/orders/${order.id}`);
    } catch (err) {
      setError(err);
    } finally {
      submitting.current = false;
      setBusy(false);
    }
  };

  return (
    <section>
      <h1>Checkout</h1>
      <form onSubmit={place} class="checkout" aria-describedby={error ? 'checkout-error' : undefined}>
        <fieldset>
          <legend>Delivery address</legend>
          {saved.map((a) => (
            <label key={a.id} class="choice">
              <input
                type="radio"
                name="address"
                value={a.id}
                checked={selected === a.id}
                onChange={() => setChoice(a.id ?? '')}
              />
              <span>
                <strong>{a.label ?? a.name}</strong> {a.line1}, {a.postalCode} {a.city}, {a.country}
              </span>
            </label>
          ))}
          {saved.length > 0 ? (
            <label class="choice">
              <input
                type="radio"
                name="address"
                value="new"
                checked={selected === 'new'}
                onChange={() => setChoice('new')}
              />
              <span>A new address</span>
            </label>
          ) : null}
          {selected === 'new' ? (
            <>
              <AddressFields value={address} onChange={setAddress} error={error} />
              <label class="choice">
                <input
                  type="checkbox"
                  checked={save}
                  onChange={(e) => setSave((e.target as HTMLInputElement).checked)}
                />
                <span>Save this address for next time</span>
              </label>
            </>
          ) : null}
        </fieldset>
        <fieldset>
          <legend>Payment</legend>
          <Field
            label="Card token"
            name="token"
            value={token}
            onInput={setToken}
            error={error}
            required
            maxLength={100}
            hint={
              <>
                Test cards: <code>tok_visa</code> (and any other token) is approved; tokens starting with{' '}
                <code>tok_decline</code> are declined.
              </>
            }
          />
        </fieldset>
        <LineList lines={lines} />
        {total ? (
          <p class="total">
            Total <Price money={total} />
          </p>
        ) : null}
        <ErrorNote error={error} id="checkout-error" />
        <button type="submit" disabled={busy} aria-busy={busy}>
          {busy ? 'Placing order…' : 'Place order'}
        </button>
      </form>
    </section>
  );
}
