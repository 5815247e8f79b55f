import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** A per-key limiter: resolves 0 while the key has points left, else the milliseconds to wait. */
export function rateLimit(opts: { points: number; durationSeconds: number }): (key: string) => Promise<number> {
  const limiter = new RateLimiterMemory({ points: opts.points, duration: opts.durationSeconds });
  return async (key) => {
    try {
      await limiter.consume(key);
      return 0;
    } catch (e) {
      if (e instanceof RateLimiterRes) return e.msBeforeNext;
      throw e;
    }
  };
}
