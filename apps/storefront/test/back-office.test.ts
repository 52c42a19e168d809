import { join } from 'node:path';
import { unique } from '@shopwire/testing';
import {
  addToCartBySearch,
  browserSystem,
  fillNewAddress,
  finalStatus,
  loginInBrowser,
  placeOrder,
  registerInBrowser,
  screenshotsDir,
  seriousViolations,
  statusShown,
} from './browser';

const ADMIN = { email: 'admin@storefront.test', password: 'storefront-admin-password' };
const customer = () => ({ name: 'Grace', email: `${unique('racer')}@example.com`, password: 'a long enough password' });

describe('the back office and the shop together, in Chromium', () => {
  const shop = browserSystem({ SEED_DEMO_CATALOG: 'true', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  const open = (width?: number) => shop.open(width);

  it('when an admin creates a product and sets its stock to 1 and two customers race for it, then exactly one gets it; the admin ships and delivers that order and sees it in the sales chart; archived, customers no longer find it', async () => {
    const admin = await open();
    await loginInBrowser(admin, ADMIN);
    await admin.getByRole('link', { name: 'Back office' }).click();
    const name = `Race Kettle ${unique('k').slice(-6)}`;
    const sku = unique('RACE')
      .replace(/[^A-Za-z0-9._-]/g, '')
      .slice(0, 60);
    await admin.getByLabel('SKU').fill(sku);
    await admin.getByLabel('Product name').fill(name);
    await admin.getByLabel('Category').selectOption('kitchen');
    await admin.getByLabel('Price (EUR)').fill('39.90');
    await admin.getByLabel('Initial stock').fill('5');
    await admin.getByRole('button', { name: 'Create product' }).click();
    const row = admin.locator(`[data-testid=admin-product][data-sku="${sku}"]`);
    await row.waitFor();
    await admin.getByLabel(`Stock of ${name}`, { exact: true }).fill('1');
    await admin.getByRole('button', { name: `Set stock of ${name}` }).click();
    await admin.locator(`[data-testid=admin-product][data-sku="${sku}"]`).getByText('0 reserved').waitFor();

    // Two customers find it and race for the last one.
    const racers = await Promise.all([open(), open()]);
    for (const page of racers) {
      await registerInBrowser(page, customer());
      await addToCartBySearch(page, name, name);
      await page.goto('/checkout');
      await fillNewAddress(page);
    }
    await Promise.all(racers.map(placeOrder));
    const outcomes = await Promise.all(racers.map((page) => finalStatus(page)));
    expect([...outcomes].sort()).toEqual(['confirmed', 'rejected']);
    const [loser, winner] = outcomes[0] === 'rejected' ? racers : [...racers].reverse();
    if (!loser || !winner) throw new Error('two racers expected');
    expect(await loser.getByTestId('rejection-reason').textContent()).toContain('out of stock');
    const orderId = new URL(winner.url()).pathname.split('/').pop() ?? '';

    // The admin ships and delivers it; the winner watches it move without reloading.
    await admin.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Orders' }).click();
    await admin.getByRole('button', { name: `Ship order ${orderId}` }).click();
    await admin.getByRole('button', { name: `Deliver order ${orderId}` }).click();
    await admin.locator(`[data-testid=admin-order][data-order="${orderId}"] [data-status=delivered]`).waitFor();
    await statusShown(winner, 'delivered');

    await admin.goto('/admin/sales');
    await admin.getByTestId('sales-chart').waitFor();
    await admin.getByRole('cell', { name }).waitFor();
    await admin.screenshot({ path: join(screenshotsDir, 'admin-sales.png'), fullPage: true });

    // Archived, it is no longer listed for customers.
    await admin.goto('/admin/products');
    admin.once('dialog', (dialog) => void dialog.accept());
    await admin.getByRole('button', { name: `Archive ${name}` }).click();
    await admin.locator(`[data-testid=admin-product][data-sku="${sku}"]`).waitFor({ state: 'detached' });
    await loser.goto(`/search?q=${encodeURIComponent(name)}`);
    await loser.getByRole('heading', { name: `Results for “${name}”` }).waitFor();
    await loser.getByText('Loading products').waitFor({ state: 'detached' });
    expect(await loser.getByRole('link', { name, exact: true }).count()).toBe(0);
  });

  it('when two admins edit one product, then the stale edit is refused (If-Match) and the message shows on that row', async () => {
    const [first, second] = await Promise.all([open(), open()]);
    for (const page of [first, second]) {
      await loginInBrowser(page, ADMIN);
      await page.goto('/admin/products');
      await page.getByLabel('Name of Espresso Beans 1 kg').focus();
    }
    await first.getByLabel('Price of Espresso Beans 1 kg').fill('25.90');
    const saved = first.waitForResponse(
      (r) => r.request().method() === 'PATCH' && r.url().includes('/api/v1/products/'),
    );
    await first
      .locator('[data-testid=admin-product][data-sku=DEMO-COF-001]')
      .getByRole('button', { name: 'Save' })
      .click();
    expect((await saved).status()).toBe(200);
    await second.getByLabel('Price of Espresso Beans 1 kg').fill('19.90');
    await second
      .locator('[data-testid=admin-product][data-sku=DEMO-COF-001]')
      .getByRole('button', { name: 'Save' })
      .click();
    const alert = second.locator('[data-testid=admin-product][data-sku=DEMO-COF-001]').getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toMatch(/PRECONDITION|VERSION|STALE/);
  });

  it('when axe-core scans the pages, then none has a serious or critical violation', async () => {
    const page = await open();
    const found: Record<string, unknown[]> = {};
    const scan = async (label: string) => {
      const violations = await seriousViolations(page);
      if (violations.length > 0) found[label] = violations;
    };
    await page.goto('/');
    await page.getByTestId('product-card').first().waitFor();
    await scan('product list');
    await page.getByTestId('product-card').first().getByRole('link').click();
    await page.getByRole('button', { name: 'Add to cart' }).waitFor();
    await scan('product page');
    await page.goto('/login');
    await scan('log in');
    await registerInBrowser(page, customer());
    await addToCartBySearch(page, 'Espresso', 'Espresso Beans 1 kg');
    await page.goto('/cart');
    await scan('cart');
    await page.goto('/checkout');
    await page.getByLabel('Card token').waitFor();
    await scan('checkout');
    await fillNewAddress(page);
    await placeOrder(page);
    await statusShown(page, 'confirmed');
    await scan('order');
    await page.goto('/notifications');
    await scan('notifications');
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('button', { name: 'Log out' }).click();
    await loginInBrowser(page, ADMIN);
    for (const tab of ['products', 'orders', 'sales']) {
      await page.goto(`/admin/${tab}`);
      await page.getByRole('heading', { level: 2 }).first().waitFor();
      await page.waitForLoadState('networkidle');
      await scan(`admin ${tab}`);
    }
    expect(found).toEqual({});
  });
});
