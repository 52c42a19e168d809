import { randomUUID } from 'node:crypto';
import type { ApiClient } from './api-client';

/** What a simulated customer does, as chances between 0 and 1. */
export interface CustomerMix {
  returning: number;
  order: number;
  declinedCard: number;
  cancel: number;
}

export const DEFAULT_MIX: CustomerMix = { returning: 0.5, order: 0.7, declinedCard: 0.15, cancel: 0.2 };

export interface PlacedOrder {
  id: string;
  token: string;
  email: string;
  declined: boolean;
  status: string;
}

export interface Account {
  email: string;
  password: string;
  token?: string;
}

/** State shared by every customer of one run: accounts to log in with again, and the orders accepted. */
export interface RunState {
  runId: string;
  accounts: Account[];
  orders: PlacedOrder[];
  customers: number;
  random: () => number;
  mix: CustomerMix;
}

export function newRunState(mix: CustomerMix = DEFAULT_MIX, random: () => number = Math.random): RunState {
  return { runId: randomUUID().slice(0, 8), accounts: [], orders: [], customers: 0, random, mix };
}

interface ProductSummary {
  id: string;
  name?: string;
  category?: string;
  stock?: { available?: number };
}

const itemsOf = <T>(body: unknown): T[] => {
  if (Array.isArray(body)) return body as T[];
  const items = (body as { items?: unknown } | undefined)?.items;
  return Array.isArray(items) ? (items as T[]) : [];
};

/**
 * One customer's visit. `step` resolves when the next request may go (the pacer's permit) and answers false
 * once the run is over; every request of the visit goes through it.
 */
export async function customerVisit(api: ApiClient, run: RunState, step: () => Promise<boolean>): Promise<void> {
  const n = ++run.customers;
  const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(run.random() * list.length)];
  if (!(await step())) return;
  const sort = pick(['', '&sort=price', '&sort=-createdAt', '&sort=name']);
  const browse = await api.call('GET', `/api/v1/products?limit=20${sort}`, { route: '/api/v1/products' });
  const products = itemsOf<ProductSummary>(browse.body);

  const word = pick(products)?.name?.split(/\s+/)[0];
  if (word) {
    if (!(await step())) return;
    await api.call('GET', `/api/v1/products?q=${encodeURIComponent(word)}&limit=10`, { route: '/api/v1/products?q' });
  }
  if (run.random() < 0.3) {
    if (!(await step())) return;
    const categories = itemsOf<{ slug?: string }>((await api.call('GET', '/api/v1/categories')).body);
    const slug = pick(categories)?.slug;
    if (slug) {
      if (!(await step())) return;
      await api.call('GET', `/api/v1/products?category=${encodeURIComponent(slug)}`, {
        route: '/api/v1/products?category',
      });
    }
  }
  const viewed = pick(products);
  if (viewed) {
    if (!(await step())) return;
    await api.call('GET', `/api/v1/products/${viewed.id}`, { route: '/api/v1/products/:id' });
  }

  // Only customers about to buy, or coming back for their notifications, sign in.
  const returning = run.accounts.length > 0 && run.random() < run.mix.returning ? pick(run.accounts) : undefined;
  if (!returning && run.random() >= run.mix.order) return;
  const account: Account = returning ?? {
    email: `lg-${run.runId}-${n}@loadgen.example.com`,
    password: `pw-${run.runId}-${n}-secret`,
  };
  if (!returning) {
    if (!(await step())) return;
    const reg = await api.call('POST', '/api/v1/auth/register', {
      body: { email: account.email, password: account.password, name: `Load Customer ${n}` },
    });
    if (reg.status !== 201) return;
    run.accounts.push(account);
  }
  // A returning customer's app usually still holds a session; the rest log in.
  if (!account.token || run.random() < 0.2) {
    if (!(await step())) return;
    const login = await api.call<{ accessToken?: string }>('POST', '/api/v1/auth/login', {
      body: { email: account.email, password: account.password },
    });
    if (login.status !== 200 || !login.body?.accessToken) return;
    account.token = login.body.accessToken;
  }
  const token = account.token;

  const inStock = products.filter((p) => (p.stock?.available ?? 1) > 0);
  if (inStock.length > 0 && (!returning || run.random() < run.mix.order)) {
    const lines = new Map<string, number>();
    const count = 1 + Math.floor(run.random() * Math.min(3, inStock.length));
    for (let i = 0; i < count; i++) {
      const product = pick(inStock);
      if (product) lines.set(product.id, 1 + Math.floor(run.random() * 2));
    }
    const declined = run.random() < run.mix.declinedCard;
    const body = {
      items: [...lines].map(([productId, quantity]) => ({ productId, quantity })),
      shippingAddress: {
        name: `Load Customer ${n}`,
        line1: `${n} Load Street`,
        city: 'Testville',
        postalCode: '10115',
        country: 'DE',
      },
      payment: { method: 'card', token: declined ? 'tok_decline_loadgen' : 'tok_visa' },
    };
    const key = `lg-${run.runId}-${n}-${randomUUID()}`;
    const placed = await placeOrder(api, token, body, key, step);
    if (!placed) return;
    const order: PlacedOrder = { id: placed.id, token, email: account.email, declined, status: placed.status };
    run.orders.push(order);

    if (!(await step())) return;
    const seen = await api.call<{ status?: string }>('GET', `/api/v1/orders/${order.id}`, {
      token,
      route: '/api/v1/orders/:id',
    });
    if (seen.body?.status) order.status = seen.body.status;
    if (run.random() < run.mix.cancel && ['pending', 'confirmed'].includes(order.status)) {
      if (!(await step())) return;
      const cancel = await api.call<{ status?: string }>('POST', `/api/v1/orders/${order.id}/cancel`, {
        token,
        route: '/api/v1/orders/:id/cancel',
      });
      if (cancel.body?.status) order.status = cancel.body.status;
    }
  }

  if (!(await step())) return;
  const unread = itemsOf<{ id: string }>(
    (await api.call('GET', '/api/v1/notifications?unread=true', { token, route: '/api/v1/notifications' })).body,
  );
  const first = unread[0];
  if (first) {
    if (!(await step())) return;
    await api.call('POST', `/api/v1/notifications/${first.id}/read`, {
      token,
      route: '/api/v1/notifications/:id/read',
    });
  }
  if (!(await step())) return;
  await api.call('GET', '/api/v1/orders?limit=10', { token, route: '/api/v1/orders' });
}

/** POST /orders, retried with the same Idempotency-Key when no answer or a 5xx came, as a careful client would. */
async function placeOrder(
  api: ApiClient,
  token: string,
  body: unknown,
  key: string,
  step: () => Promise<boolean>,
): Promise<{ id: string; status: string } | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (!(await step())) return undefined;
    const res = await api.call<{ id?: string; status?: string }>('POST', '/api/v1/orders', {
      token,
      body,
      headers: { 'idempotency-key': key },
    });
    if ((res.status === 202 || res.status === 201 || res.status === 200) && res.body?.id)
      return { id: res.body.id, status: res.body.status ?? 'pending' };
    if (res.status !== 0 && res.status < 500) return undefined;
  }
  return undefined;
}
