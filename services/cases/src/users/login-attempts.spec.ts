import fc from 'fast-check';
import { DEFAULT_LOGIN_POLICIES, LoginAttempts, afterFailure, lockedForMs } from './login-attempts';

const policy = DEFAULT_LOGIN_POLICIES.account;

describe('login attempts', () => {
  it('lets five failures of an account pass, then locks it for 30 s, 1 min, 2 min … up to 15 min', () => {
    let tally = undefined as ReturnType<typeof afterFailure> | undefined;
    const locks: number[] = [];
    let now = 0;
    for (let i = 0; i < 12; i++) {
      tally = afterFailure(tally, now, policy);
      locks.push(lockedForMs(tally, now));
      now += lockedForMs(tally, now); // the guesser waits out each lockout
    }
    expect(locks).toEqual([0, 0, 0, 0, 0, 30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000]);
  });

  it('forgets the failures after a quiet hour', () => {
    const five = [0, 1, 2, 3, 4].reduce((t, at) => afterFailure(t, at, policy), undefined as ReturnType<typeof afterFailure> | undefined);
    expect(lockedForMs(afterFailure(five, 10, policy), 10)).toBe(30_000);
    expect(lockedForMs(afterFailure(five, 4 + policy.forgetAfterMs, policy), 4 + policy.forgetAfterMs)).toBe(0);
  });

  it('refuses a locked account even with the right password, and any account from a locked address', () => {
    const attempts = new LoginAttempts();
    for (let i = 0; i < 6; i++) attempts.failed('ann@client.example', '10.0.0.1', 1000);
    expect(attempts.refusal('ann@client.example', '10.0.0.9', 1000)).toEqual({ scope: 'account', retryAfterMs: 30_000 });
    expect(attempts.refusal('ann@client.example', '10.0.0.9', 31_000)).toBeNull();
    expect(attempts.refusal('bob@client.example', '10.0.0.1', 1000)).toBeNull();
    for (let i = 0; i < 15; i++) attempts.failed(`guess${i}@client.example`, '10.0.0.1', 2000);
    expect(attempts.refusal('bob@client.example', '10.0.0.1', 2000)).toEqual({ scope: 'address', retryAfterMs: 60_000 });
    expect(attempts.refusal('bob@client.example', '10.0.0.2', 2000)).toBeNull();
  });

  it("clears an account's failures when it signs in", () => {
    const attempts = new LoginAttempts();
    for (let i = 0; i < 5; i++) attempts.failed('ann@client.example', '10.0.0.1', 0);
    attempts.succeeded('ann@client.example');
    attempts.failed('ann@client.example', '10.0.0.1', 0);
    expect(attempts.refusal('ann@client.example', '10.0.0.2', 0)).toBeNull();
  });

  it('keeps its memory bounded, dropping the oldest tallies first', () => {
    const attempts = new LoginAttempts(DEFAULT_LOGIN_POLICIES, 100);
    for (let i = 0; i < 1000; i++) attempts.failed(`a${i}@x.example`, `10.0.${i >> 8}.${i & 255}`, i);
    expect(attempts.size()).toEqual({ accounts: 100, addresses: 100 });
  });

  it('never locks for less than the time before, nor beyond the ceiling', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 10 * 60_000 }), { maxLength: 40 }), (gaps) => {
        let tally: ReturnType<typeof afterFailure> | undefined;
        let now = 0;
        for (const gap of gaps) {
          now += gap;
          tally = afterFailure(tally, now, policy);
          expect(lockedForMs(tally, now)).toBeLessThanOrEqual(policy.maxLockMs);
          if (tally.failures > policy.freeFailures) expect(lockedForMs(tally, now)).toBeGreaterThanOrEqual(policy.firstLockMs);
        }
      }),
    );
  });
});
