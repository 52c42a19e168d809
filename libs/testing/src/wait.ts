import { setTimeout as delay } from 'node:timers/promises';

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  description?: string;
}

/** Polls `probe` until it returns a truthy value, or fails once the deadline passes. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  opts: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? `: last error ${lastError.message}` : '';
      throw new Error(
        `Timed out after ${opts.timeoutMs ?? 15000} ms waiting for ${opts.description ?? 'condition'}${reason}`,
      );
    }
    await delay(opts.intervalMs ?? 50);
  }
}

/** Resolves when `promise` does, or rejects when the deadline passes first. */
export async function withDeadline<T>(promise: Promise<T>, timeoutMs: number, description: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface Injectable {
  inject(opts: { method: 'GET'; url: string }): PromiseLike<{ statusCode: number; json(): unknown }>;
}

/**
 * Waits until an app is ready and every dependency it reports is up (its broker connected and consuming, for the
 * gateway every service ready): the state a test starts from. Returns the /health report (`{ status: 'ready', checks }`)
 * of an app in this process (by inject), or of a running process at `baseUrl`.
 */
export async function waitForReady(
  target: Injectable | string,
  timeoutMs = 20000,
  description = 'ready with every dependency up',
): Promise<unknown> {
  return waitFor(
    async () => {
      const report =
        typeof target === 'string'
          ? await fetch(`${target}/health`).then((res) => res.json())
          : (await target.inject({ method: 'GET', url: '/health' })).json();
      return (report as { status?: string }).status === 'ready' ? report : undefined;
    },
    { timeoutMs, description },
  );
}
