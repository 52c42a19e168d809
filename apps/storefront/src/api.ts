// The API client: same origin (/api/v1), bearer tokens with silent refresh, problem+json turned into ApiError.

export interface Money {
  amount: number;
  currency: string;
}
export interface FieldProblem {
  field: string;
  message: string;
}
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: FieldProblem[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
  /** The message for one form field, when the API named it (`/shippingAddress/city`, `shippingAddress.city` or `city`). */
  fieldMessage(name: string): string | undefined {
    const norm = (f: string) => f.replace(/^\//, '').replace(/\//g, '.');
    return this.problem.errors?.find((e) => norm(e.field) === name || norm(e.field).endsWith(`.${name}`))?.message;
  }
}

interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
}
export interface Session {
  userId: string;
  roles: string[];
  email?: string;
}

const TOKENS_KEY = 'shopwire.tokens';
let tokens: Tokens | null = readTokens();
let refreshing: Promise<boolean> | null = null;
const sessionListeners = new Set<() => void>();

function readTokens(): Tokens | null {
  try {
    const raw = localStorage.getItem(TOKENS_KEY);
    return raw ? (JSON.parse(raw) as Tokens) : null;
  } catch {
    return null;
  }
}

function setTokens(next: Tokens | null): void {
  const changed = (tokens === null) !== (next === null);
  tokens = next;
  if (next) localStorage.setItem(TOKENS_KEY, JSON.stringify(next));
  else localStorage.removeItem(TOKENS_KEY);
  if (changed) sessionListeners.forEach((l) => l());
}

export function onSessionChange(listener: () => void): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

/** Who is signed in, read from the access token's claims (the API checks the signature, not this). */
export function session(): Session | null {
  if (!tokens) return null;
  try {
    const part = tokens.accessToken.split('.')[1] ?? '';
    const claims = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as {
      sub: string;
      roles?: string[];
      email?: string;
    };
    return { userId: claims.sub, roles: claims.roles ?? [], email: claims.email };
  } catch {
    return null;
  }
}

async function problemOf(response: Response): Promise<ApiError> {
  let problem: Problem = { title: response.statusText || 'Request failed', status: response.status };
  try {
    const body = (await response.json()) as Partial<Problem>;
    problem = { ...problem, ...body, status: response.status };
  } catch {
    // Not JSON (a proxy's page, a lost connection): the status says enough.
  }
  if (response.status === 429)
    problem.detail = `${problem.detail ?? 'Too many requests.'} Retry in ${response.headers.get('retry-after') ?? 'a few'} s.`;
  return new ApiError(problem);
}

function networkError(error: unknown): ApiError {
  return new ApiError({
    title: 'No connection',
    status: 0,
    code: 'NETWORK',
    detail: `The shop could not be reached (${(error as Error).message}). Check your connection and try again.`,
  });
}

/** Trades the refresh token for a new pair; one refresh at a time, whatever the number of callers. */
export function refreshTokens(): Promise<boolean> {
  if (!tokens) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      const response = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: tokens?.refreshToken }),
      });
      if (!response.ok) {
        if (response.status === 401 || response.status === 400) setTokens(null);
        return false;
      }
      storePair((await response.json()) as TokenPair);
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}
function storePair(pair: TokenPair): void {
  setTokens({
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    expiresAt: Date.now() + pair.expiresIn * 1000,
  });
}

/** A current access token: refreshed first when it expires within 30 s. */
export async function accessToken(): Promise<string | null> {
  if (tokens && tokens.expiresAt - Date.now() < 30_000) await refreshTokens();
  return tokens?.accessToken ?? null;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Calls the API; returns the parsed JSON (or null for 204) and the response; throws ApiError for any non-2xx. */
export async function call<T>(path: string, opts: RequestOptions = {}): Promise<{ data: T; response: Response }> {
  const send = async (): Promise<Response> => {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    const token = await accessToken();
    if (token) headers.authorization = `Bearer ${token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(`/api/v1${path}`, {
        method: opts.method ?? 'GET',
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: opts.signal,
      });
    } catch (error) {
      throw networkError(error);
    }
  };
  let response = await send();
  if (response.status === 401 && tokens && (await refreshTokens())) response = await send();
  if (!response.ok) throw await problemOf(response);
  const data = (response.status === 204 ? null : await response.json()) as T;
  return { data, response };
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  return (await call<T>(path, opts)).data;
}

export async function login(email: string, password: string): Promise<void> {
  storePair(await api<TokenPair>('/auth/login', { method: 'POST', body: { email, password } }));
}

export async function register(name: string, email: string, password: string): Promise<void> {
  await api('/auth/register', { method: 'POST', body: { name, email, password } });
  await login(email, password);
}

export async function logout(): Promise<void> {
  const refreshToken = tokens?.refreshToken;
  setTokens(null);
  if (refreshToken)
    await fetch('/api/v1/auth/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    }).catch(() => undefined);
}

export function formatMoney(money: Money): string {
  return new Intl.NumberFormat('en', { style: 'currency', currency: money.currency }).format(money.amount / 100);
}
