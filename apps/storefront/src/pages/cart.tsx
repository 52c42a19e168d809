import { cartTotal, setQuantity, useCart } from '../cart';
import { InlineInput, Price } from '../ui';

export function CartPage() {
  const lines = useCart();
  const total = cartTotal(lines);
  if (lines.length === 0)
    return (
      <section>
        <h1>Your cart</h1>
        <p>
          Your cart is empty. <a href="/">Browse products</a>
        </p>
      </section>
    );
  return (
    <section>
      <h1>Your cart</h1>
      <ul class="lines" data-testid="cart-lines">
        {lines.map((l) => (
          <li key={l.productId}>
            <a href={`/products/${l.productId}`}>{l.name}</a>
            <span class="row">
              <InlineInput
                id={`qty-${l.productId}`}
                label={`Quantity of ${l.name}`}
                class="qty"
                type="number"
                min={0}
                max={100}
                value={l.quantity}
                onChange={(e) => setQuantity(l.productId, Number((e.target as HTMLInputElement).value) || 0)}
              />
              <Price money={{ amount: l.price.amount * l.quantity, currency: l.price.currency }} />
              <button
                type="button"
                class="link"
                onClick={() => setQuantity(l.productId, 0)}
                aria-label={`Remove ${l.name}`}
              >
                Remove
              </button>
            </span>
          </li>
        ))}
      </ul>
      {total ? (
        <p class="total">
          Total <Price money={total} />
        </p>
      ) : null}
      <a class="button" href="/checkout">
        Checkout
      </a>
    </section>
  );
}
