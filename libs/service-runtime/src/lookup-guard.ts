/**
 * Anonymous lookups by a secret (a pay link's token) made slow to guess: per client address (as
 * the gateway forwards it: GqlContext.clientAddress), a few failed lookups in a window and the
 * address is refused for the rest of it — even with a good secret, so a guesser cannot tell a
 * hit from a refusal — and lookups of any outcome are capped more generously. In the process's
 * memory: each instance of a service counts its own.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '@amicus/errors';

export interface LookupLimits {
  /** Failed lookups (the secret unknown, expired, revoked, malformed) an address may make per window. */
  failures: { points: number; durationSeconds: number };
  /** Lookups of any outcome an address may make per window. */
  lookups: { points: number; durationSeconds: number };
}

/** A 128-bit secret against 20 guesses per 10 minutes per address. */
export const DEFAULT_LOOKUP_LIMITS: LookupLimits = {
  failures: { points: 20, durationSeconds: 600 },
  lookups: { points: 300, durationSeconds: 600 },
};

export class LookupGuard {
  private readonly failures: RateLimiterMemory;
  private readonly lookups: RateLimiterMemory;

  constructor(private readonly limits: LookupLimits = DEFAULT_LOOKUP_LIMITS) {
    this.failures = new RateLimiterMemory({ points: limits.failures.points, duration: limits.failures.durationSeconds });
    this.lookups = new RateLimiterMemory({ points: limits.lookups.points, duration: limits.lookups.durationSeconds });
  }

  /** Before a lookup: refuses an address that has used up its failures or its lookups; counts this lookup. */
  async admit(address: string): Promise<void> {
    const failed = await this.failures.get(address);
    if (failed && failed.consumedPoints >= this.limits.failures.points) throw tooMany(failed.msBeforeNext);
    try {
      await this.lookups.consume(address);
    } catch (e) {
      if (e instanceof RateLimiterRes) throw tooMany(e.msBeforeNext);
      throw e;
    }
  }

  /** A lookup that opened nothing. */
  async failed(address: string): Promise<void> {
    await this.failures.consume(address).catch((e: unknown) => {
      if (!(e instanceof RateLimiterRes)) throw e;
    });
  }
}

function tooMany(msBeforeNext: number): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new DomainError('too_many_requests', `too many tries from your address: try again in ${retryAfterSeconds} s`, [], {
    retryAfterSeconds,
  });
}
