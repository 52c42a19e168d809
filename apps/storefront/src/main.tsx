import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { onSessionChange, session } from './api';
import { useCart } from './cart';
import { startLive, stopLive, useLive } from './live';
import { AccountPage, LoginPage, NotificationsPage } from './pages/account';
import { AdminPage } from './pages/admin';
import { CartPage } from './pages/cart';
import { CatalogPage, SearchBox } from './pages/catalog';
import { CheckoutPage } from './pages/checkout';
import { OrderPage, OrdersPage } from './pages/orders';
import { ProductPage } from './pages/product';
import { RecommendedForYou } from './pages/recommendations';
import { onLinkClick, useLocation } from './router';
import './styles.css';

function useSession() {
  const [current, setCurrent] = useState(session);
  useEffect(() => onSessionChange(() => setCurrent(session())), []);
  return current;
}

function Header({ url }: { url: URL }) {
  const me = useSession();
  const cart = useCart();
  const live = useLive();
  const count = cart.reduce((n, l) => n + l.quantity, 0);
  return (
    <header class="top">
      <div class="bar">
        <a href="/" class="logo">
          Shopwire
        </a>
        <nav aria-label="Account" class="actions">
          {me?.roles.includes('admin') ? <a href="/admin">Back office</a> : null}
          {me ? (
            <>
              <a
                href="/notifications"
                class="bell"
                aria-label={`Notifications, ${live.unread} unread`}
                data-testid="bell"
              >
                <svg
                  aria-hidden="true"
                  width="20"
                  height="20"
                  viewBox="0 0 24 24"
                  fill="none"
                  stroke="currentColor"
                  stroke-width="2"
                  stroke-linecap="round"
                  stroke-linejoin="round"
                >
                  <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
                  <path d="M13.73 21a2 2 0 0 1-3.46 0" />
                </svg>
                {live.unread > 0 ? (
                  <span class="badge" data-testid="unread-count">
                    {live.unread}
                  </span>
                ) : null}
              </a>
              <a href="/orders">Orders</a>
              <a href="/account">Account</a>
            </>
          ) : (
            <a href={`/login?next=${encodeURIComponent(url.pathname + url.search)}`}>Log in</a>
          )}
          <a href="/cart" aria-label={`Cart, ${count} item${count === 1 ? '' : 's'}`} data-testid="cart-link">
            Cart <span class="badge">{count}</span>
          </a>
        </nav>
      </div>
      <SearchBox initial={url.pathname === '/search' ? (url.searchParams.get('q') ?? '') : ''} />
      {me && live.stream === 'reconnecting' ? (
        <p class="banner" role="status">
          Live updates lost — reconnecting…
        </p>
      ) : null}
    </header>
  );
}

function Route({ url }: { url: URL }) {
  const path = url.pathname;
  const [, first, second] = path.split('/');
  const id = second ? decodeURIComponent(second) : '';
  switch (first) {
    case '':
      return (
        <>
          {session() ? <RecommendedForYou /> : null}
          <CatalogPage />
        </>
      );
    case 'c':
      return <CatalogPage category={id} />;
    case 'search':
      return <CatalogPage q={url.searchParams.get('q') ?? ''} />;
    case 'products':
      return <ProductPage id={id} />;
    case 'cart':
      return <CartPage />;
    case 'checkout':
      return <CheckoutPage />;
    case 'orders':
      return id ? <OrderPage id={id} /> : <Protected url={url} page={<OrdersPage />} />;
    case 'login':
      return <LoginPage url={url} mode="login" />;
    case 'register':
      return <LoginPage url={url} mode="register" />;
    case 'account':
      return <Protected url={url} page={<AccountPage />} />;
    case 'notifications':
      return <Protected url={url} page={<NotificationsPage />} />;
    case 'admin':
      return <Protected url={url} page={<AdminPage url={url} />} />;
    default:
      return (
        <section>
          <h1>Page not found</h1>
          <p>
            <a href="/">Back to the shop</a>
          </p>
        </section>
      );
  }
}

function Protected({ url, page }: { url: URL; page: preact.JSX.Element }) {
  if (session()) return page;
  return (
    <section>
      <h1>Please log in</h1>
      <p>
        <a href={`/login?next=${encodeURIComponent(url.pathname)}`}>Log in</a> to see this page.
      </p>
    </section>
  );
}

function App() {
  const url = useLocation();
  const me = useSession();
  useEffect(() => {
    if (me) startLive();
    else stopLive();
  }, [me?.userId]);
  return (
    <div onClick={onLinkClick}>
      <a href="#main" class="skip">
        Skip to content
      </a>
      <Header url={url} />
      <main id="main" key={url.pathname}>
        <Route url={url} />
      </main>
      <footer class="foot">
        Shopwire · <a href="/docs">API docs</a>
      </footer>
    </div>
  );
}

const mount = document.getElementById('app');
if (mount) render(<App />, mount);
