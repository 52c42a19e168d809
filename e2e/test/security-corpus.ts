/**
 * A generated corpus of bad requests over every public route: each one must be refused with the 4xx problem it
 * names (status and code). Paths hold placeholders (`{product}`, `{order}`, ...) filled with the ids of the suite's
 * own fixtures.
 */
export type Role = 'anonymous' | 'customer' | 'admin';

/** The refusal a bad request must get. */
export interface Refusal {
  status: number;
  code: string;
}

const VALIDATION_FAILED: Refusal = { status: 400, code: 'VALIDATION_FAILED' };
const MALFORMED_JSON: Refusal = { status: 400, code: 'MALFORMED_JSON' };
const MALFORMED_URL: Refusal = { status: 400, code: 'MALFORMED_URL' };
const INVALID_CURSOR: Refusal = { status: 400, code: 'INVALID_CURSOR' };
const UNSUPPORTED_MEDIA_TYPE: Refusal = { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' };
const PAYLOAD_TOO_LARGE: Refusal = { status: 413, code: 'PAYLOAD_TOO_LARGE' };

export interface BadRequest {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  role: Role;
  headers?: Record<string, string>;
  /** The raw body, sent as is. */
  body?: string | Buffer;
  expected: Refusal;
}

type FieldKind = 'string' | 'integer' | 'object' | 'array' | 'boolean';

interface BodyRoute {
  method: 'POST' | 'PUT' | 'PATCH';
  path: string;
  role: Role;
  headers?: Record<string, string>;
  /** A valid body: every mutation starts from it. */
  valid: Record<string, unknown>;
  /** Required fields and their kinds: each is removed, retyped and abused in turn. */
  fields: Record<string, FieldKind>;
  /** A field with a length limit, for the huge-string case. */
  longField?: string;
  /** A field with a format or pattern, for the unicode cases. */
  formatField?: string;
  /** A field of text a person types, which must not hold control characters. */
  textField?: string;
  /** A field of links, which must be http(s). */
  urlListField?: string;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const address = {
  label: 'home',
  name: 'Ada',
  line1: '1 Main Street',
  city: 'Berlin',
  postalCode: '10115',
  country: 'DE',
};

export const BODY_ROUTES: BodyRoute[] = [
  {
    method: 'POST',
    path: '/api/v1/auth/register',
    role: 'anonymous',
    valid: { email: 'x{unique}@example.test', password: 'long enough pw', name: 'Ada' },
    fields: { email: 'string', password: 'string', name: 'string' },
    longField: 'name',
    formatField: 'email',
    textField: 'name',
  },
  {
    method: 'POST',
    path: '/api/v1/auth/login',
    role: 'anonymous',
    valid: { email: 'nobody@example.test', password: 'long enough pw' },
    fields: { email: 'string', password: 'string' },
    longField: 'password',
    formatField: 'email',
  },
  {
    method: 'POST',
    path: '/api/v1/auth/refresh',
    role: 'anonymous',
    valid: { refreshToken: 'not-a-token' },
    fields: { refreshToken: 'string' },
    longField: 'refreshToken',
  },
  {
    method: 'POST',
    path: '/api/v1/auth/logout',
    role: 'anonymous',
    valid: { refreshToken: 'not-a-token' },
    fields: { refreshToken: 'string' },
    longField: 'refreshToken',
  },
  {
    method: 'PATCH',
    path: '/api/v1/users/me',
    role: 'customer',
    valid: { name: 'New Name' },
    fields: { name: 'string' },
    longField: 'name',
    textField: 'name',
  },
  {
    method: 'POST',
    path: '/api/v1/users/me/addresses',
    role: 'customer',
    valid: address,
    fields: { name: 'string', line1: 'string', city: 'string', postalCode: 'string', country: 'string' },
    longField: 'line1',
    textField: 'city',
  },
  {
    method: 'PATCH',
    path: '/api/v1/users/{customer}/roles',
    role: 'admin',
    valid: { roles: ['customer'] },
    fields: { roles: 'array' },
  },
  {
    method: 'POST',
    path: '/api/v1/categories',
    role: 'admin',
    valid: { slug: 'c{unique}', name: 'Cat' },
    fields: { slug: 'string', name: 'string' },
    longField: 'name',
    formatField: 'slug',
    textField: 'name',
  },
  {
    method: 'POST',
    path: '/api/v1/products',
    role: 'admin',
    valid: { sku: 'SKU-{unique}', name: 'Thing', category: '{category}', price: { amount: 100, currency: 'EUR' } },
    fields: { sku: 'string', name: 'string', category: 'string', price: 'object' },
    longField: 'name',
    formatField: 'sku',
    textField: 'name',
    urlListField: 'images',
  },
  {
    method: 'PATCH',
    path: '/api/v1/products/{product}',
    role: 'admin',
    valid: { name: 'Renamed' },
    fields: { name: 'string' },
    longField: 'name',
    textField: 'name',
    urlListField: 'images',
  },
  {
    method: 'PUT',
    path: '/api/v1/products/{product}/stock',
    role: 'admin',
    valid: { available: 5 },
    fields: { available: 'integer' },
  },
  {
    method: 'POST',
    path: '/api/v1/orders',
    role: 'customer',
    headers: { 'idempotency-key': 'sec-{unique}' },
    valid: {
      items: [{ productId: '{product}', quantity: 1 }],
      shippingAddress: { name: 'Ada', line1: '1 Main Street', city: 'Berlin', postalCode: '10115', country: 'DE' },
      payment: { method: 'card', token: 'tok_visa' },
    },
    fields: { items: 'array', shippingAddress: 'object', payment: 'object' },
  },
  {
    method: 'PUT',
    path: '/api/v1/notifications/preferences',
    role: 'customer',
    valid: { email: true, inApp: true },
    fields: { email: 'boolean', inApp: 'boolean' },
  },
];

const WRONG_VALUES: Record<FieldKind, Array<[string, unknown]>> = {
  string: [
    ['a number', 12345],
    ['an array', ['a']],
    ['null', null],
    ['an operator object', { $gt: '' }],
    ['a $ne operator', { $ne: null }],
    ['a boolean', true],
  ],
  integer: [
    ['a string', '5'],
    ['a float', 2.5],
    ['a negative number', -1],
    ['a huge number', 1e300],
    ['an operator object', { $gt: 0 }],
    ['null', null],
  ],
  object: [
    ['a string', 'x'],
    ['an array', [1]],
    ['null', null],
    ['an operator object', { $where: 'sleep(1000)' }],
    ['a number', 7],
  ],
  array: [
    ['a string', 'x'],
    ['an object', { 0: 'x' }],
    ['null', null],
    ['an operator object', { $in: ['admin'] }],
    ['a number', 1],
  ],
  boolean: [
    ['a string', 'yes'],
    ['a number', 1],
    ['null', null],
    ['an operator object', { $ne: false }],
  ],
};

const deep = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

function bodyCases(route: BodyRoute): BadRequest[] {
  const at = `${route.method} ${route.path}`;
  const headers = { ...JSON_HEADERS, ...route.headers };
  const make = (
    name: string,
    body: string | Buffer,
    extraHeaders: Record<string, string> = headers,
    expected: Refusal = VALIDATION_FAILED,
  ): BadRequest => ({
    name: `${at}: ${name}`,
    method: route.method,
    path: route.path,
    role: route.role,
    headers: extraHeaders,
    body,
    expected,
  });
  const withField = (field: string, value: unknown): string => JSON.stringify({ ...route.valid, [field]: value });
  const cases: BadRequest[] = [];
  for (const [field, kind] of Object.entries(route.fields)) {
    const { [field]: _dropped, ...rest } = route.valid;
    if (Object.keys(rest).length > 0 || route.method !== 'PATCH')
      cases.push(make(`without ${field}`, JSON.stringify(rest)));
    for (const [what, value] of WRONG_VALUES[kind]) cases.push(make(`${field} as ${what}`, withField(field, value)));
  }
  const first = Object.keys(route.fields)[0] ?? 'x';
  const validJson = JSON.stringify(route.valid);
  cases.push(
    make('an extra field', withField('isAdmin', true)),
    ...('roles' in route.fields ? [] : [make('an extra roles field', withField('roles', ['admin']))]),
    make(
      'a __proto__ key',
      `${validJson.slice(0, -1)},"__proto__":{"isAdmin":true,"roles":["admin"]}}`,
      headers,
      MALFORMED_JSON,
    ),
    make(
      'a constructor.prototype key',
      `${validJson.slice(0, -1)},"constructor":{"prototype":{"isAdmin":true}}}`,
      headers,
      MALFORMED_JSON,
    ),
    make('deep nesting (3000 levels)', `${validJson.slice(0, -1)},"${first}":${deep(3000)}}`),
    make(
      'a huge array',
      withField(
        first,
        Array.from({ length: 20000 }, () => 'x'),
      ),
    ),
    make('a body that is an array', `[${validJson}]`),
    make('a body that is a string', '"hello"'),
    make('invalid JSON (truncated)', validJson.slice(0, Math.max(1, validJson.length - 3)), headers, MALFORMED_JSON),
    make('invalid JSON (single quotes)', validJson.replace(/"/g, "'"), headers, MALFORMED_JSON),
    make('invalid JSON (trailing comma)', `${validJson.slice(0, -1)},}`, headers, MALFORMED_JSON),
    make('an empty body declared as JSON', '', headers, MALFORMED_JSON),
    make('a text/plain body', validJson, { ...route.headers, 'content-type': 'text/plain' }, UNSUPPORTED_MEDIA_TYPE),
    make(
      'a form-encoded body',
      'email=a%40b.c&password=x',
      { ...route.headers, 'content-type': 'application/x-www-form-urlencoded' },
      UNSUPPORTED_MEDIA_TYPE,
    ),
    make('an XML body', '<a>1</a>', { ...route.headers, 'content-type': 'application/xml' }, UNSUPPORTED_MEDIA_TYPE),
    make(
      'a body over 1 MiB',
      Buffer.from(JSON.stringify({ ...route.valid, padding: 'x'.repeat(1024 * 1024 + 100) })),
      headers,
      PAYLOAD_TOO_LARGE,
    ),
  );
  if (route.formatField) {
    const field = route.formatField;
    const value = String(route.valid[field]);
    cases.push(
      make(`${field} with a lone surrogate`, withField(field, `\ud800${value}`)),
      make(`${field} with a NUL byte`, withField(field, `${value}\u0000`)),
      make(`${field} with a right-to-left override`, withField(field, `\u202e${value}`)),
      make(`${field} with full-width characters`, withField(field, `ａｄｍｉｎ${value}`)),
    );
  }
  if (route.textField) {
    const field = route.textField;
    cases.push(
      make(`${field} with CR LF and a header`, withField(field, 'Ada\r\nBcc: everyone@example.test')),
      make(`${field} with a NUL`, withField(field, 'Ada\u0000')),
      make(`${field} with an escape sequence`, withField(field, '\u001b[2JAda')),
      make(`${field} of spaces only`, withField(field, '   ')),
    );
  }
  if (route.urlListField) {
    for (const url of ['javascript:alert(1)', 'data:image/svg+xml;base64,PHN2Zz4=', 'file:///etc/passwd'])
      cases.push(make(`${route.urlListField} holding ${url.slice(0, 12)}`, withField(route.urlListField, [url])));
  }
  if (route.longField)
    cases.push(make(`${route.longField} of 200 000 characters`, withField(route.longField, 'x'.repeat(200_000))));
  return cases;
}

// Each id with what it gets: the route's 404 (an id that names nothing, whatever it looks like), or a refusal of
// the path itself (an encoded / or NUL reads two ways), or of its length.
const MALFORMED_IDS: Array<[string, string, Refusal | 'not found']> = [
  ['an unknown id', 'nonexistent', 'not found'],
  ['an all-zero object id', '000000000000000000000000', 'not found'],
  ['an operator', '%7B%22%24gt%22%3A%22%22%7D', 'not found'],
  ['a path traversal', '..%2F..%2Fetc%2Fpasswd', MALFORMED_URL],
  ['an id of 90 characters', 'a'.repeat(90), VALIDATION_FAILED],
  ['a NUL byte', '%00', MALFORMED_URL],
  ['an emoji', '%F0%9F%92%A9', 'not found'],
  ['a negative number', '-1', 'not found'],
];

const ID_ROUTES: Array<{ method: BadRequest['method']; path: string; role: Role; body?: string; notFound: string }> = [
  { method: 'GET', path: '/api/v1/products/{id}', role: 'anonymous', notFound: 'PRODUCT_NOT_FOUND' },
  {
    method: 'PATCH',
    path: '/api/v1/products/{id}',
    role: 'admin',
    body: '{"name":"x"}',
    notFound: 'PRODUCT_NOT_FOUND',
  },
  { method: 'DELETE', path: '/api/v1/products/{id}', role: 'admin', notFound: 'PRODUCT_NOT_FOUND' },
  {
    method: 'PUT',
    path: '/api/v1/products/{id}/stock',
    role: 'admin',
    body: '{"available":1}',
    notFound: 'PRODUCT_NOT_FOUND',
  },
  { method: 'GET', path: '/api/v1/orders/{id}', role: 'customer', notFound: 'ORDER_NOT_FOUND' },
  { method: 'POST', path: '/api/v1/orders/{id}/cancel', role: 'customer', notFound: 'ORDER_NOT_FOUND' },
  { method: 'POST', path: '/api/v1/orders/{id}/ship', role: 'admin', notFound: 'ORDER_NOT_FOUND' },
  { method: 'POST', path: '/api/v1/orders/{id}/deliver', role: 'admin', notFound: 'ORDER_NOT_FOUND' },
  { method: 'DELETE', path: '/api/v1/users/me/addresses/{id}', role: 'customer', notFound: 'ADDRESS_NOT_FOUND' },
  { method: 'POST', path: '/api/v1/notifications/{id}/read', role: 'customer', notFound: 'NOTIFICATION_NOT_FOUND' },
  {
    method: 'PATCH',
    path: '/api/v1/users/{id}/roles',
    role: 'admin',
    body: '{"roles":["customer"]}',
    notFound: 'USER_NOT_FOUND',
  },
];

const QUERY_CASES: Array<{ path: string; role: Role; name: string }> = [
  ...[
    'limit=-1',
    'limit=0',
    'limit=1000',
    'limit=1.5',
    'limit=abc',
    'limit=1e309',
    'minPrice=-5',
    'maxPrice=1.5',
    'sort=__proto__',
    'sort=%24where',
    'inStock=maybe',
    'cursor=%00garbage%7B',
    `q=${'a'.repeat(5000)}`,
    'category=..%2F..',
    'limit%5B%24gt%5D=1',
    'unknown=1',
    'q[$regex]=.*',
  ].map((q) => ({
    path: `/api/v1/products?${q}`,
    role: 'anonymous' as Role,
    name: `GET /api/v1/products?${q.slice(0, 40)}`,
  })),
  ...['limit=1000', 'limit=-3', 'cursor=%7B%7D', 'unknown=1'].map((q) => ({
    path: `/api/v1/orders?${q}`,
    role: 'customer' as Role,
    name: `GET /api/v1/orders?${q}`,
  })),
  ...['userId%5B%24ne%5D=x', 'limit=101'].map((q) => ({
    path: `/api/v1/orders?${q}`,
    role: 'admin' as Role,
    name: `GET /api/v1/orders?${q} as admin`,
  })),
  ...['from=yesterday&to=today', 'from=2026-13-45&to=2026-01-01', 'from[$gt]=', 'unknown=1'].map((q) => ({
    path: `/api/v1/reports/sales?${q}`,
    role: 'admin' as Role,
    name: `GET /api/v1/reports/sales?${q}`,
  })),
  ...['unread=maybe', 'limit=1000', 'unknown=1'].map((q) => ({
    path: `/api/v1/notifications?${q}`,
    role: 'customer' as Role,
    name: `GET /api/v1/notifications?${q}`,
  })),
  ...['limit=1000', 'limit=-1'].map((q) => ({
    path: `/api/v1/users?${q}`,
    role: 'admin' as Role,
    name: `GET /api/v1/users?${q}`,
  })),
  ...['limit=0', 'limit=101', 'limit=1.5', 'limit=abc', 'limit%5B%24gt%5D=1', 'unknown=1'].map((q) => ({
    path: `/api/v1/recommendations/me?${q}`,
    role: 'customer' as Role,
    name: `GET /api/v1/recommendations/me?${q}`,
  })),
  ...['limit=0', 'limit=101', 'unknown=1'].map((q) => ({
    path: `/api/v1/products/000000000000000000000000/also-bought?${q}`,
    role: 'anonymous' as Role,
    name: `GET /api/v1/products/{id}/also-bought?${q}`,
  })),
  // recommendation-service refuses an id that is not one (24 hex digits) by its schema (docs/recommendations.md).
  ...['not-an-id', '%7B%22%24gt%22%3A%22%22%7D', 'a'.repeat(90)].map((id) => ({
    path: `/api/v1/products/${id}/also-bought`,
    role: 'anonymous' as Role,
    name: `GET /api/v1/products/${id.slice(0, 30)}/also-bought`,
  })),
];

export function badRequestCorpus(): BadRequest[] {
  const corpus = BODY_ROUTES.flatMap(bodyCases);
  for (const route of ID_ROUTES) {
    for (const [what, id, refusal] of MALFORMED_IDS) {
      corpus.push({
        name: `${route.method} ${route.path}: ${what}`,
        method: route.method,
        path: route.path.replace('{id}', id),
        role: route.role,
        headers: route.body ? JSON_HEADERS : undefined,
        body: route.body,
        expected: refusal === 'not found' ? { status: 404, code: route.notFound } : refusal,
      });
    }
  }
  // A cursor the service did not make is INVALID_CURSOR; every other bad parameter fails the query's schema.
  for (const q of QUERY_CASES)
    corpus.push({
      name: q.name,
      method: 'GET',
      path: q.path,
      role: q.role,
      expected: /[?&]cursor=/.test(q.path) ? INVALID_CURSOR : VALIDATION_FAILED,
    });
  return corpus;
}
