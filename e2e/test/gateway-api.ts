import { unique, waitFor } from '@shopwire/testing';

/** An answer through the gateway: its status and JSON body (`{}` when it has none). */
export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** A request to the gateway: GET unless a method is given, an optional bearer token, JSON body and more headers. */
export interface GatewayRequest {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A product an admin adds: `amount` in EUR cents, `available` the stock, a unique SKU unless one is given. */
export interface NewProduct {
  sku?: string;
  name: string;
  category: string;
  amount: number;
  available: number;
}

/**
 * Calls to the gateway at `gatewayUrl()`, read at each call (the system starts in the suite's beforeAll): `request`
 * gives the fetch Response, `call` and `api` (the same with the method, token, body and headers as arguments) the
 * answer, `login` the session (undefined when the login is refused), `token` its access token (expecting 200); `register`, `addCategory` and `addProduct` are
 * the shop's set-up, the latter two by an admin and expecting 201.
 */
export function gatewayApi(gatewayUrl: () => string) {
  const request = (path: string, init: GatewayRequest = {}): Promise<Response> =>
    fetch(`${gatewayUrl()}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const call = async <T = Record<string, unknown>>(path: string, init: GatewayRequest = {}): Promise<Answer<T>> => {
    const res = await request(path, init);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
  };
  const api = <T = Record<string, unknown>>(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> => call<T>(path, { method, token, body, headers });
  const login = async (email: string, password: string): Promise<{ accessToken: string } | undefined> => {
    const res = await call<{ accessToken: string }>('/api/v1/auth/login', {
      method: 'POST',
      body: { email, password },
    });
    return res.status === 200 ? res.body : undefined;
  };
  /** Logs in expecting 200 and gives the access token. */
  const token = async (email: string, password: string): Promise<string> => {
    const res = await call<{ accessToken: string }>('/api/v1/auth/login', {
      method: 'POST',
      body: { email, password },
    });
    expect(res.status).toBe(200);
    return res.body.accessToken;
  };
  const register = (email: string, password: string, name: string): Promise<Answer<{ id: string }>> =>
    call<{ id: string }>('/api/v1/auth/register', { method: 'POST', body: { email, password, name } });
  const addCategory = async (token: string, slug: string, name: string): Promise<void> => {
    expect((await call('/api/v1/categories', { method: 'POST', token, body: { slug, name } })).status).toBe(201);
  };
  /** Gives the new product's id. */
  const addProduct = async (token: string, { sku, name, category, amount, available }: NewProduct): Promise<string> => {
    const created = await call<{ id: string }>('/api/v1/products', {
      method: 'POST',
      token,
      body: { sku: sku ?? unique('SKU'), name, category, price: { amount, currency: 'EUR' }, stock: { available } },
    });
    expect(created.status).toBe(201);
    return created.body.id;
  };
  return { request, call, api, login, token, register, addCategory, addProduct };
}

/**
 * Places an order with `place` until the gateway accepts it (202) and gives the accepted order: until order-service
 * has copied the products (and the saved address) an order names, it answers 422 and stores nothing.
 */
export async function untilAccepted<T>(
  place: () => Promise<Answer<T>>,
  description = 'the order to be accepted',
): Promise<T> {
  let last: Answer<T> | undefined;
  return waitFor(
    async () => {
      last = await place();
      return last.status === 202 ? last.body : undefined;
    },
    { timeoutMs: 30000, description },
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last answer ${JSON.stringify(last)}`);
  });
}
