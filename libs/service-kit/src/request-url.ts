import type { IncomingMessage } from 'node:http';

/**
 * Where a request whose path cannot be read unambiguously is routed: a route of the kit answers it with a 400
 * problem, so it passes the same hooks as any answer (request id, security headers, rate limit).
 */
export const BAD_URL_PATH = '/__shopwire/bad-url';

const UNRESERVED = /[A-Za-z0-9\-._~]/;
// Bytes that would change how the path splits or is read if decoded: "/", "\" and NUL.
const AMBIGUOUS = new Set(['2F', '5C', '00']);

function removeDotSegments(path: string): string {
  const out: string[] = [];
  const segments = path.split('/');
  for (let i = 1; i < segments.length; i += 1) {
    const segment = segments[i] as string;
    const last = i === segments.length - 1;
    if (segment === '..') {
      out.pop();
      if (last) out.push('');
    } else if (segment === '.') {
      if (last) out.push('');
    } else out.push(segment);
  }
  return `/${out.join('/')}`;
}

/**
 * The path as RFC 3986 says it is equivalent (section 6.2.2): percent-encoded unreserved characters decoded, other
 * escapes in upper case, dot segments removed; duplicate slashes collapsed. Undefined when the path cannot be read
 * one way only: a broken escape, an escape that is not UTF-8, an encoded "/", "\" or NUL. The query is left as sent.
 */
export function normalisedUrl(url: string): string | undefined {
  const queryAt = url.search(/[?#]/);
  const rawPath = queryAt === -1 ? url : url.slice(0, queryAt);
  const rest = queryAt === -1 ? '' : url.slice(queryAt);
  if (!rawPath.startsWith('/')) return rawPath === '*' ? url : undefined;
  if (/%(?![0-9A-Fa-f]{2})/.test(rawPath)) return undefined;
  try {
    decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  let ambiguous = false;
  const decoded = rawPath.replace(/%([0-9A-Fa-f]{2})/g, (_escape, hex: string) => {
    const upper = hex.toUpperCase();
    if (AMBIGUOUS.has(upper)) ambiguous = true;
    const char = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${upper}`;
  });
  if (ambiguous) return undefined;
  return removeDotSegments(decoded.replace(/\/{2,}/g, '/')) + rest;
}

/** Fastify's rewriteUrl: routing, hooks and handlers see only the normalised path. */
export function rewriteRequestUrl(req: IncomingMessage): string {
  const url = req.url ?? '/';
  return normalisedUrl(url) ?? BAD_URL_PATH;
}
