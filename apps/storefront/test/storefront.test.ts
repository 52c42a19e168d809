import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unique } from '@shopwire/testing';
import {
  addToCartBySearch,
  browserSystem,
  fillNewAddress,
  horizontalOverflow,
  orderConfirmedInBrowser,
  orderInBrowser,
  placeOrder,
  recommendedOn,
  registerInBrowser,
  root,
  screenshotsDir,
  statusShown,
} from './browser';

const customer = () => ({ name: 'Ada', email: `${unique('shopper')}@example.com`, password: 'a long enough password' });

describe('the storefront in Chromium, against the built system', () => {
  const shop = browserSystem({ SEED_DEMO_CATALOG: 'true' });
  const open = (width?: number) => shop.open(width);

  it('when the gateway serves the storefront, then / and client routes answer index.html, assets are cached for a year, and API paths keep their 404 problem', async () => {
    const home = await fetch(`${shop.system.gatewayUrl}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/text\/html/);
    expect(home.headers.get('cache-control')).toBe('no-cache');
    const html = await home.text();
    const deep = await fetch(`${shop.system.gatewayUrl}/products/some-id`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toBe(html);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const script = await fetch(`${shop.system.gatewayUrl}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const api = await fetch(`${shop.system.gatewayUrl}/api/v1/nothing-here`);
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
    expect((await fetch(`${shop.system.gatewayUrl}/no-such-page`)).status).toBe(404);
  });

  it('when a fresh browser opens the shop, then the product list shows (load time written to bench/results)', async () => {
    const page = await open();
    const started = Date.now();
    await page.goto('/');
    await page.getByTestId('product-card').first().waitFor();
    const shownMs = Date.now() - started;
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { domContentLoadedMs: Math.round(nav.domContentLoadedEventEnd), loadMs: Math.round(nav.loadEventEnd) };
    });
    const figure = { measuredAt: new Date().toISOString(), productListShownMs: shownMs, ...timing, budgetMs: 1500 };
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(join(root, 'bench', 'results', 'storefront-load.json'), `${JSON.stringify(figure, null, 2)}\n`);
    console.log(
      `storefront: navigation to product list shown ${shownMs} ms (DOMContentLoaded ${timing.domContentLoadedMs} ms, load ${timing.loadMs} ms)`,
    );
    expect(await page.getByTestId('product-card').count()).toBeGreaterThan(1);
  });

  it('when a customer registers, searches (exact and with a typo), adds two products and checks out, then `confirmed` appears live', async () => {
    const page = await open(390);
    await registerInBrowser(page, customer());
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    // Suggestions as they type.
    await page.getByRole('combobox', { name: 'Search products' }).fill('espr');
    await page.getByRole('option', { name: 'Espresso Beans 1 kg' }).waitFor();
    // An exact word and a typo both find it.
    await addToCartBySearch(page, 'Espresso', 'Espresso Beans 1 kg');
    const search = page.getByRole('combobox', { name: 'Search products' });
    await search.fill('Espreso');
    await search.press('Enter');
    await page.getByRole('link', { name: 'Espresso Beans 1 kg' }).waitFor();
    await addToCartBySearch(page, 'Earl Grey', 'Earl Grey Loose Leaf');
    await page.getByTestId('cart-link').getByText('2').waitFor();

    await page.goto('/');
    await page.getByTestId('product-card').first().waitFor();
    await page.screenshot({ path: join(screenshotsDir, 'products-390.png') });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    await page.getByTestId('cart-link').click();
    await page.getByRole('link', { name: 'Checkout' }).click();
    await fillNewAddress(page);
    await page.getByLabel('Save this address for next time').check();
    expect(await page.getByLabel('Card token').inputValue()).toBe('tok_visa');
    await page.screenshot({ path: join(screenshotsDir, 'checkout-390.png'), fullPage: true });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    // A double click places one order (one Idempotency-Key, and the button is busy after the first).
    await page.getByRole('button', { name: 'Place order' }).dblclick();
    await page.waitForURL('**/orders/*');
    await statusShown(page, 'confirmed');
    // Live: the page was never reloaded, and the confirmation notification reached the bell over the stream.
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await page.getByTestId('unread-count').waitFor();
    await page.screenshot({ path: join(screenshotsDir, 'order-390.png'), fullPage: true });

    await page.getByRole('link', { name: 'Orders' }).click();
    await page.getByTestId('order-list').locator('li').first().waitFor();
    expect(await page.getByTestId('order-list').locator('li').count()).toBe(1);
  });

  it('when the card is declined, then the order page shows the rejection and its reason live', async () => {
    const page = await open();
    await registerInBrowser(page, customer());
    await orderInBrowser(page, { query: 'Decaf', name: 'Decaf Beans 500 g' }, 'tok_decline_insufficient_funds');
    await statusShown(page, 'rejected');
    expect(await page.getByTestId('rejection-reason').textContent()).toContain('the card was declined');
  });

  it('when a confirmed order is cancelled, then it shows `cancelled`; the address saved then is offered and used at the next checkout', async () => {
    const page = await open();
    await registerInBrowser(page, customer());
    await addToCartBySearch(page, 'Filter Coffee', 'Filter Coffee 500 g');
    await page.goto('/checkout');
    await fillNewAddress(page);
    await page.getByLabel('Save this address for next time').check();
    await placeOrder(page);
    await statusShown(page, 'confirmed');
    await page.getByRole('button', { name: 'Cancel order' }).click();
    await statusShown(page, 'cancelled');

    // The next checkout offers the saved address, chosen already, and orders with it.
    await addToCartBySearch(page, 'Earl Grey', 'Earl Grey Loose Leaf');
    await page.goto('/checkout');
    const saved = page.getByRole('radio', { name: /12 Analytical Row/ });
    await saved.waitFor();
    expect(await saved.isChecked()).toBe(true);
    await placeOrder(page);
    await statusShown(page, 'confirmed');
    expect(await page.getByText('Ships to Ada Lovelace, 12 Analytical Row').count()).toBe(1);
  });

  it("when customers' orders are confirmed, then the product page shows what its buyers also bought and the home page recommends what was bought with their purchases; with recommendation-service down both lists are hidden", async () => {
    const loaf = { query: 'Sourdough', name: 'Sourdough Loaf' };
    const honey = { query: 'Wildflower Honey', name: 'Wildflower Honey 500 g' };
    const jam = { query: 'Strawberry Jam', name: 'Strawberry Jam' };
    const other = await open();
    await registerInBrowser(other, customer());
    await orderConfirmedInBrowser(other, [loaf, jam]);
    const page = await open();
    await registerInBrowser(page, customer());
    await orderConfirmedInBrowser(page, [loaf, honey]);

    const loafId = await page.evaluate(async (name) => {
      const res = await fetch(`/api/v1/products?q=${encodeURIComponent(name)}`);
      return ((await res.json()) as { items: Array<{ id: string; name: string }> }).items.find((p) => p.name === name)
        ?.id;
    }, loaf.name);
    const alsoBought = await recommendedOn(page, `/products/${loafId}`, 'also-bought', [honey.name, jam.name]);
    expect(alsoBought).not.toContain(loaf.name);
    await page.getByTestId('also-bought').getByRole('link', { name: jam.name }).click();
    await page.getByRole('heading', { level: 1, name: jam.name }).waitFor();

    // "For you": the jam, bought by the other buyer of the loaf; never the loaf or the honey this customer bought.
    const forYou = await recommendedOn(page, '/', 'for-you', [jam.name]);
    expect(forYou[0]).toBe(jam.name);
    expect(forYou).not.toContain(loaf.name);
    expect(forYou).not.toContain(honey.name);
    await page.getByRole('heading', { name: 'Recommended for you' }).waitFor();

    await shop.system.processes['recommendation-service'].stop('SIGKILL');
    try {
      const refused = page.waitForResponse((res) => res.url().includes('/also-bought'));
      await page.goto(`/products/${loafId}`);
      expect((await refused).status()).toBe(503);
      await page.getByRole('heading', { level: 1, name: loaf.name }).waitFor();
      expect(await page.getByTestId('also-bought').count()).toBe(0);
      expect(await page.getByRole('alert').count()).toBe(0);
      const refusedForYou = page.waitForResponse((res) => res.url().includes('/recommendations/me'));
      await page.goto('/');
      expect((await refusedForYou).status()).toBe(503);
      await page.getByTestId('product-card').first().waitFor();
      expect(await page.getByTestId('for-you').count()).toBe(0);
    } finally {
      await shop.system.start('recommendation-service');
    }
  });

  it('when the access token is refused or about to expire, then the app refreshes it silently and the page loads', async () => {
    const page = await open();
    await registerInBrowser(page, customer());
    const stored = async () =>
      JSON.parse((await page.evaluate(() => localStorage.getItem('shopwire.tokens'))) ?? '{}') as {
        accessToken: string;
        refreshToken: string;
        expiresAt: number;
      };
    const before = await stored();
    // A token the API refuses (its signature broken): the 401 is answered by one refresh and a retry.
    const broken = { ...before, accessToken: `${before.accessToken.slice(0, -4)}AAAA` };
    await page.evaluate((t) => localStorage.setItem('shopwire.tokens', t), JSON.stringify(broken));
    await page.goto('/orders');
    await page.getByText('No orders yet.').waitFor();
    const afterRefused = await stored();
    expect(afterRefused.refreshToken).not.toBe(before.refreshToken);
    // A token about to expire is refreshed before the call.
    await page.evaluate(
      (t) => localStorage.setItem('shopwire.tokens', t),
      JSON.stringify({ ...afterRefused, expiresAt: Date.now() }),
    );
    await page.goto('/account');
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    await page.getByText('Ada ·').waitFor();
    expect((await stored()).refreshToken).not.toBe(afterRefused.refreshToken);
  });

  it('when the API rejects a form, then the problem shows next to the form', async () => {
    const page = await open();
    const who = customer();
    await registerInBrowser(page, who);
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.goto('/register');
    await page.getByLabel('Name').fill('Ada again');
    await page.getByLabel('Email').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('EMAIL_TAKEN');
  });

  it('when the notification stream is lost, then the page says so and reconnects by itself when it is back', async () => {
    const page = await open();
    await registerInBrowser(page, customer());
    await page.getByTestId('unread-count').waitFor();
    await shop.system.processes['notification-service'].stop('SIGKILL');
    await page.getByText('Live updates lost — reconnecting…').waitFor();
    await shop.system.start('notification-service');
    await page.getByText('Live updates lost — reconnecting…').waitFor({ state: 'detached', timeout: 60000 });
    // Live again: the next order's confirmation still arrives on the page.
    await orderInBrowser(page, { query: 'Decaf', name: 'Decaf Beans 500 g' }, 'tok_visa');
    await statusShown(page, 'confirmed');
  });
});
