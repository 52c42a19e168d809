import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';

export interface LoginThrottleOptions {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  windowSeconds: number;
  /** Shared counters for every replica; without it each process counts on its own. */
  redis?: Redis;
  keyPrefix: string;
}

export interface LoginThrottle {
  /** Milliseconds until this account or address may try again; 0 when it may now. */
  blockedFor(account: string, address: string): Promise<number>;
  recordFailure(account: string, address: string): Promise<void>;
  /** A correct password clears the account's count (never the address's: one good account must not reset a spray). */
  recordSuccess(account: string): Promise<void>;
}

function limiter(points: number, opts: LoginThrottleOptions, name: string): RateLimiterAbstract {
  const settings = { points, duration: opts.windowSeconds, keyPrefix: `${opts.keyPrefix}login-${name}` };
  if (!opts.redis) return new RateLimiterMemory(settings);
  // When Redis is unreachable the process keeps counting on its own rather than letting every guess through.
  return new RateLimiterRedis({ ...settings, storeClient: opts.redis, insuranceLimiter: new RateLimiterMemory(settings) });
}

async function countFailure(counter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await counter.consume(key);
  } catch (result) {
    // Past the limit consume() rejects with the counter state; that is the expected outcome, not an error.
    if (!(result instanceof RateLimiterRes)) throw result;
  }
}

/** Fixed-window counts of failed logins per account (the email typed, known or not) and per client address. */
export function createLoginThrottle(opts: LoginThrottleOptions): LoginThrottle {
  const perAccount = limiter(opts.maxFailuresPerAccount, opts, 'account');
  const perAddress = limiter(opts.maxFailuresPerAddress, opts, 'address');
  const waitOf = (state: RateLimiterRes | null, max: number): number => (state && state.consumedPoints >= max ? Math.max(1, state.msBeforeNext) : 0);

  return {
    async blockedFor(account, address) {
      const [accountState, addressState] = await Promise.all([perAccount.get(account), perAddress.get(address)]);
      return Math.max(waitOf(accountState, opts.maxFailuresPerAccount), waitOf(addressState, opts.maxFailuresPerAddress));
    },
    async recordFailure(account, address) {
      await Promise.all([countFailure(perAccount, account), countFailure(perAddress, address)]);
    },
    async recordSuccess(account) {
      await perAccount.delete(account);
    },
  };
}
