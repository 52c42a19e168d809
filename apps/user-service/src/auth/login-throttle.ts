import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';

export interface LoginThrottleOptions {
  /** Failed logins to one account from one client address before each further one waits (1 s, 2 s, 4 s, ...). */
  maxFailuresPerAccount: number;
  /** Failed logins from one client address, whatever the accounts, before that address waits out the window. */
  maxFailuresPerAddress: number;
  windowSeconds: number;
  /** Shared counters for every replica; without it each process counts on its own. */
  redis?: Redis;
  keyPrefix: string;
}

export interface LoginThrottle {
  /** Milliseconds until this account may be tried again from this address; 0 when it may now. */
  blockedFor(account: string, address: string): Promise<number>;
  recordFailure(account: string, address: string): Promise<void>;
  /**
   * A correct password clears the count of this account from this address (never the address's own count: one
   * good account must not reset a spray).
   */
  recordSuccess(account: string, address: string): Promise<void>;
}

function limiter(points: number, opts: LoginThrottleOptions, name: string): RateLimiterAbstract {
  const settings = { points, duration: opts.windowSeconds, keyPrefix: `${opts.keyPrefix}login-${name}` };
  if (!opts.redis) return new RateLimiterMemory(settings);
  // When Redis is unreachable the process keeps counting on its own rather than letting every guess through.
  return new RateLimiterRedis({
    ...settings,
    storeClient: opts.redis,
    insuranceLimiter: new RateLimiterMemory(settings),
  });
}

async function countFailure(counter: RateLimiterAbstract, key: string): Promise<RateLimiterRes> {
  try {
    return await counter.consume(key);
  } catch (result) {
    // Past the limit consume() rejects with the counter state; that is the expected outcome, not an error.
    if (!(result instanceof RateLimiterRes)) throw result;
    return result;
  }
}

// The longest wait doubles from one second; 2^20 s is beyond any window, so the exponent stops there.
const MAX_DOUBLINGS = 20;

/**
 * Failed logins counted per account and client address together, and per client address. A guesser at one
 * address waits longer after each failure past the free ones (1 s, 2 s, 4 s ... up to the window), and an address
 * that fails across many accounts waits out the window; the owner logging in from their own address is never
 * held back by someone else's failures, so nobody can lock another person out of their account.
 */
export function createLoginThrottle(opts: LoginThrottleOptions): LoginThrottle {
  const perPair = limiter(opts.maxFailuresPerAccount, opts, 'account-address');
  const pairDelay = limiter(1, opts, 'account-address-delay');
  const perAddress = limiter(opts.maxFailuresPerAddress, opts, 'address');
  // Neither part can contain the separator: an email has no whitespace, nor an address.
  const pairOf = (account: string, address: string): string => `${account} ${address}`;
  const waitOf = (state: RateLimiterRes | null, max: number): number =>
    state && state.consumedPoints >= max ? Math.max(1, state.msBeforeNext) : 0;

  return {
    async blockedFor(account, address) {
      const [delayState, addressState] = await Promise.all([
        pairDelay.get(pairOf(account, address)),
        perAddress.get(address),
      ]);
      // block() leaves the counter above its single point for the delay.
      const delayed = delayState && delayState.consumedPoints > 1 ? Math.max(1, delayState.msBeforeNext) : 0;
      return Math.max(delayed, waitOf(addressState, opts.maxFailuresPerAddress));
    },
    async recordFailure(account, address) {
      const pair = pairOf(account, address);
      const [state] = await Promise.all([countFailure(perPair, pair), countFailure(perAddress, address)]);
      const beyond = state.consumedPoints - opts.maxFailuresPerAccount;
      if (beyond >= 0) await pairDelay.block(pair, Math.min(opts.windowSeconds, 2 ** Math.min(beyond, MAX_DOUBLINGS)));
    },
    async recordSuccess(account, address) {
      const pair = pairOf(account, address);
      await Promise.all([perPair.delete(pair), pairDelay.delete(pair)]);
    },
  };
}
