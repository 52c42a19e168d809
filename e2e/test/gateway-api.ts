/** An answer through the gateway: its status and JSON body (`{}` when it has none). */
export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/**
 * Calls to the gateway at `gatewayUrl()`, read at each call (the system starts in the suite's beforeAll): `api` with
 * an optional bearer token and JSON body, `login` giving the session, or undefined when the login is refused.
 */
export function gatewayApi(gatewayUrl: () => string) {
  const api = async <T = Record<string, unknown>>(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> => {
    const res = await fetch(`${gatewayUrl()}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
  };
  const login = async (email: string, password: string): Promise<{ accessToken: string } | undefined> => {
    const res = await api<{ accessToken: string }>('POST', '/api/v1/auth/login', undefined, { email, password });
    return res.status === 200 ? res.body : undefined;
  };
  return { api, login };
}
