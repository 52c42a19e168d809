import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
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
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh browser profile (own cookies and localStorage): one customer. */
export async function newCustomerPage(browser: Browser, baseURL: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width, height: width < 600 ? 844 : 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  return page;
}

export async function registerInBrowser(page: Page, who: { name: string; email: string; password: string }): Promise<void> {
  await page.goto('/register');
  await page.getByLabel('Name').fill(who.name);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('link', { name: 'Account' }).waitFor();
}

export async function loginInBrowser(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('link', { name: 'Account' }).waitFor();
}

/** How far the page is wider than the viewport (0 when nothing overflows sideways). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);
}

export async function addToCartBySearch(page: Page, query: string, productName: string): Promise<void> {
  const search = page.getByRole('combobox', { name: 'Search products' });
  await search.fill(query);
  await search.press('Enter');
  await page.waitForURL(`**/search?q=${encodeURIComponent(query)}`);
  await page.getByRole('button', { name: `Add ${productName} to cart` }).click();
}

export async function fillNewAddress(page: Page): Promise<void> {
  await page.getByLabel('Recipient name').fill('Ada Lovelace');
  await page.getByLabel('Address', { exact: true }).fill('12 Analytical Row');
  await page.getByLabel('City').fill('London');
  await page.getByLabel('Postal code').fill('N1 7AA');
  await page.getByLabel('Country (2 letters)').fill('GB');
}

/** Adds one product found by search, checks out with a new address and `token`, and lands on the order page. */
export async function orderInBrowser(page: Page, product: { query: string; name: string }, token: string): Promise<string> {
  await addToCartBySearch(page, product.query, product.name);
  await page.goto('/checkout');
  await fillNewAddress(page);
  await page.getByLabel('Card token').fill(token);
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.waitForURL('**/orders/*');
  return new URL(page.url()).pathname.split('/').pop() ?? '';
}

/** Waits for the order page to show `status` (it changes live, from the notification stream). */
export async function statusShown(page: Page, status: string): Promise<void> {
  await page.locator(`[data-testid=order-status][data-status=${status}]`).waitFor({ timeout: 30000 });
}
