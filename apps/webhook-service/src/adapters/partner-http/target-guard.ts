import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/** The addresses a host name resolves to (all of them: one bad address is enough to refuse). */
export type Resolve = (host: string) => Promise<string[]>;

export const systemResolve: Resolve = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/** A URL checked for delivery, and the address to connect to: the one that was checked, so DNS cannot change it after. */
export interface CheckedTarget {
  url: URL;
  hostname: string;
  address: string;
  family: 4 | 6;
}

export class TargetRefused extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TargetRefused';
  }
}

export interface TargetGuardOptions {
  /** Entries `host` or `host:port` (IPv6 in brackets) that may be plain http and resolve anywhere. */
  allowedHosts: readonly string[];
  resolve?: Resolve;
}

export type TargetGuard = (rawUrl: string) => Promise<CheckedTarget>;

/** Only global unicast addresses are partners; ipaddr.js names every other range (loopback, private, linkLocal, uniqueLocal, ...). */
function rangeOf(address: string): string {
  return ipaddr.process(address).range();
}

/**
 * OWASP API7 (SSRF): a webhook goes to https on a public address only, unless its host is allow-listed. Called when
 * an endpoint is created or changed and again before every delivery, since a name may resolve elsewhere later.
 */
export function createTargetGuard(opts: TargetGuardOptions): TargetGuard {
  const allowed = new Set(opts.allowedHosts.map((host) => host.trim().toLowerCase()).filter(Boolean));
  const resolve = opts.resolve ?? systemResolve;
  return async (rawUrl) => {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new TargetRefused('not an absolute URL');
    }
    if (url.username || url.password) throw new TargetRefused('credentials in the URL are not allowed');
    const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    const port = url.port || (url.protocol === 'http:' ? '80' : '443');
    const isAllowed = allowed.has(url.hostname.toLowerCase()) || allowed.has(`${url.hostname.toLowerCase()}:${port}`);
    if (url.protocol !== 'https:' && !(isAllowed && url.protocol === 'http:'))
      throw new TargetRefused('only https URLs are accepted');
    let addresses: string[];
    if (ipaddr.isValid(hostname)) addresses = [hostname];
    else {
      addresses = await resolve(hostname).catch(() => []);
      if (addresses.length === 0) throw new TargetRefused(`${hostname} does not resolve`);
    }
    if (!isAllowed) {
      for (const address of addresses) {
        const range = rangeOf(address);
        if (range !== 'unicast')
          throw new TargetRefused(`${hostname} resolves to a ${range} address, which is not a public one`);
      }
    }
    const address = ipaddr.process(addresses[0] as string).toString();
    return { url, hostname, address, family: ipaddr.parse(address).kind() === 'ipv6' ? 6 : 4 };
  };
}
