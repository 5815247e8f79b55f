/**
 * Guessing passwords made slow: failed sign-ins are counted per account (the e-mail as typed,
 * normalised — known or not, so a lockout says nothing about whether an account exists) and
 * per address (as the gateway forwards it). A few failures are free; after that each further
 * failure locks the account or address for twice as long as the one before, up to a ceiling,
 * and a sign-in while locked is refused without looking at the password. A success clears the
 * account's count; failures are forgotten after a quiet hour.
 *
 * In the process's memory (as LookupGuard): each instance of the cases service counts its own,
 * and a restart forgets. The tallies are bounded: past `maxEntries` the oldest go first.
 */
export interface LockoutPolicy {
  /** Failures before the first lockout. */
  freeFailures: number;
  /** The first lockout; each further failure doubles it. */
  firstLockMs: number;
  maxLockMs: number;
  /** A tally with no failure for this long starts again from nothing. */
  forgetAfterMs: number;
}

export interface LoginPolicies {
  account: LockoutPolicy;
  address: LockoutPolicy;
}

/** Five tries per account, then 30 s, 1 min, 2 min … up to 15 min; an address gets twenty, then 1 min … up to 1 h. */
export const DEFAULT_LOGIN_POLICIES: LoginPolicies = {
  account: { freeFailures: 5, firstLockMs: 30_000, maxLockMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 },
  address: { freeFailures: 20, firstLockMs: 60_000, maxLockMs: 60 * 60_000, forgetAfterMs: 60 * 60_000 },
};

export interface Tally {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
}

/** The tally after one more failure at `now`. */
export function afterFailure(tally: Tally | undefined, now: number, policy: LockoutPolicy): Tally {
  const failures = (tally && now - tally.lastFailureAt < policy.forgetAfterMs ? tally.failures : 0) + 1;
  const over = failures - policy.freeFailures;
  const lockMs = over > 0 ? Math.min(policy.maxLockMs, policy.firstLockMs * 2 ** Math.min(over - 1, 30)) : 0;
  return { failures, lastFailureAt: now, lockedUntil: lockMs ? now + lockMs : 0 };
}

/** Milliseconds until the tally lets a sign-in through (0: now). */
export const lockedForMs = (tally: Tally | undefined, now: number): number => Math.max(0, (tally?.lockedUntil ?? 0) - now);

export interface LoginRefusal {
  scope: 'account' | 'address';
  retryAfterMs: number;
}

export class LoginAttempts {
  private readonly accounts = new Map<string, Tally>();
  private readonly addresses = new Map<string, Tally>();

  constructor(
    private readonly policies: LoginPolicies = DEFAULT_LOGIN_POLICIES,
    private readonly maxEntries = 100_000,
  ) {}

  /** Before a sign-in: why it may not go ahead now, or null. */
  refusal(account: string, address: string, now: number): LoginRefusal | null {
    const byAccount = lockedForMs(this.accounts.get(account), now);
    if (byAccount) return { scope: 'account', retryAfterMs: byAccount };
    const byAddress = lockedForMs(this.addresses.get(address), now);
    return byAddress ? { scope: 'address', retryAfterMs: byAddress } : null;
  }

  failed(account: string, address: string, now: number): void {
    this.record(this.accounts, account, afterFailure(this.accounts.get(account), now, this.policies.account));
    this.record(this.addresses, address, afterFailure(this.addresses.get(address), now, this.policies.address));
  }

  succeeded(account: string): void {
    this.accounts.delete(account);
  }

  /** How many accounts and addresses are counted (for tests and monitoring). */
  size(): { accounts: number; addresses: number } {
    return { accounts: this.accounts.size, addresses: this.addresses.size };
  }

  private record(map: Map<string, Tally>, key: string, tally: Tally): void {
    map.delete(key); // re-inserted last: the map's order is the order of the last failure
    map.set(key, tally);
    // over the bound, the oldest last failures go first (forgotten ones before any live one)
    for (const k of map.keys()) {
      if (map.size <= this.maxEntries) break;
      map.delete(k);
    }
  }
}
