import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createOwnVhost, waitFor, type OwnVhost, startSystem, type RunningSystem } from '@shopwire/testing';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const root = join(__dirname, '..', '..', '..');
export const screenshotsDir = join(root, '.data', 'screenshots');

/** Debian's Chromium, headless and kept off the network (this machine has none but loopback). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  mkdirSync(screenshotsDir, { recursive: true });
  // playwright-core gives every launch a fresh, empty user data dir of its own.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh browser profile (own cookies and localStorage): one customer. */
export async function newCustomerPage(browser: Browser, baseURL: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width, height: width < 600 ? 844 : 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  return page;
}

export async function registerInBrowser(
  page: Page,
  who: { name: string; email: string; password: string },
): Promise<void> {
  await page.goto('/register');
  await page.getByLabel('Name').fill(who.name);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('link', { name: 'Account', exact: true }).waitFor();
}

export async function loginInBrowser(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('link', { name: 'Account', exact: true }).waitFor();
}

/** How far the page is wider than the viewport (0 when nothing overflows sideways). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(
    () => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth,
  );
}

export async function addToCartBySearch(page: Page, query: string, productName: string): Promise<void> {
  const search = page.getByRole('combobox', { name: 'Search products' });
  await search.fill(query);
  await search.press('Enter');
  await page.waitForURL(`**/search?q=${encodeURIComponent(query)}`);
  await page.getByRole('button', { name: `Add to cart: ${productName}`, exact: true }).click();
}

export async function fillNewAddress(page: Page): Promise<void> {
  await page.getByLabel('Recipient name').fill('Ada Lovelace');
  await page.getByLabel('Address', { exact: true }).fill('12 Analytical Row');
  await page.getByLabel('City').fill('London');
  await page.getByLabel('Postal code').fill('N1 7AA');
  await page.getByLabel('Country (2 letters)').fill('GB');
}

/** Adds each product found by search to the cart, checks out with a new address and the test card, and waits for `confirmed`. */
export async function orderConfirmedInBrowser(
  page: Page,
  products: Array<{ query: string; name: string }>,
): Promise<void> {
  for (const product of products) await addToCartBySearch(page, product.query, product.name);
  await page.goto('/checkout');
  await fillNewAddress(page);
  await placeOrder(page);
  await statusShown(page, 'confirmed');
}

/**
 * The product names a recommendation list (`also-bought`, `for-you`) shows on `path` once they include `expected`:
 * the page is loaded again until they do, since recommendation-service learns of an order from its event a moment
 * after the order page shows it confirmed.
 */
export async function recommendedOn(
  page: Page,
  path: string,
  list: 'also-bought' | 'for-you',
  expected: string[],
): Promise<string[]> {
  let shown: string[] = [];
  try {
    return await waitFor(
      async () => {
        await page.goto(path);
        await page.getByTestId(list).waitFor();
        shown = await page.getByTestId(list).locator('.card-name').allTextContents();
        return expected.every((name) => shown.includes(name)) && shown;
      },
      { timeoutMs: 30000, description: `${expected.join(', ')} in ${list} on ${path}` },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\nshown: ${shown.join(', ') || 'nothing'}`);
  }
}

/** Adds one product found by search, checks out with a new address and `token`, and lands on the order page. */
export async function orderInBrowser(
  page: Page,
  product: { query: string; name: string },
  token: string,
): Promise<string> {
  await addToCartBySearch(page, product.query, product.name);
  await page.goto('/checkout');
  await fillNewAddress(page);
  await page.getByLabel('Card token').fill(token);
  return placeOrder(page);
}

/** Clicks "Place order" and waits for the order page; when it does not come, says what the checkout showed. */
export async function placeOrder(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.waitForURL('**/orders/*').catch(async (error: Error) => {
    throw new Error(`${error.message}\ncheckout showed: ${await page.locator('main').textContent()}`);
  });
  return new URL(page.url()).pathname.split('/').pop() ?? '';
}

/** Waits for the order page to show `status` (it changes live, from the notification stream). */
export async function statusShown(page: Page, status: string): Promise<void> {
  await page.locator(`[data-testid=order-status][data-status=${status}]`).waitFor({ timeout: 30000 });
}

/** axe-core's scan of the page as it is now: the serious and critical violations (rule, impact, how many nodes). */
export async function seriousViolations(
  page: Page,
): Promise<Array<{ id: string; impact: string; nodes: number; help: string }>> {
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern.
  const { source } = require('axe-core') as { source: string };
  await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: unknown,
          ) => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[]; help: string }> }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The order's outcome (confirmed or rejected) once its page shows one. */
export async function finalStatus(page: Page, timeoutMs = 30000): Promise<string> {
  const badge = page.locator('[data-testid=order-status]:is([data-status=confirmed],[data-status=rejected])');
  await badge.waitFor({ timeout: timeoutMs }).catch(async (error: Error) => {
    // What the API says by then, to tell a stalled order from a page that missed the news.
    const id = new URL(page.url()).pathname.split('/').pop() ?? '';
    const api = await page.evaluate(async (orderId) => {
      const tokens = JSON.parse(localStorage.getItem('shopwire.tokens') ?? '{}') as { accessToken?: string };
      const res = await fetch(`/api/v1/orders/${orderId}`, {
        headers: { authorization: `Bearer ${tokens.accessToken}` },
      });
      return `${res.status} ${await res.text()}`;
    }, id);
    const shown = await page.locator('main').textContent();
    throw new Error(`${error.message}\nAPI: ${api}\npage: ${shown}`);
  });
  return (await badge.getAttribute('data-status')) ?? '';
}

/**
 * One built system and one Chromium for a test file (started in beforeAll, stopped in afterAll); `open()` gives a
 * fresh browser profile on the gateway, closed at the end.
 */
export function browserSystem(env: Record<string, string>) {
  const state = {} as { system: RunningSystem; browser: Browser; vhost: OwnVhost };
  const pages: Page[] = [];
  beforeAll(async () => {
    // A vhost of its own: the services' queues have shared names, and another run's services would take our events.
    state.vhost = await createOwnVhost();
    [state.system, state.browser] = await Promise.all([
      startSystem({ AMQP_URL: state.vhost.amqpUrl, ...env }),
      launchChromium(),
    ]);
  }, 120000);
  afterAll(async () => {
    await Promise.all(
      pages.map((p) =>
        p
          .context()
          .close()
          .catch(() => undefined),
      ),
    );
    await state.browser?.close();
    await state.system?.stop();
    await state.vhost?.remove();
  });
  return {
    get system() {
      return state.system;
    },
    async open(width?: number): Promise<Page> {
      const page = await newCustomerPage(state.browser, state.system.gatewayUrl, width);
      pages.push(page);
      return page;
    },
  };
}
