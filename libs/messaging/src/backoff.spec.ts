import { backoffDelay, sleep } from './backoff';

describe('backoffDelay', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, 100, 1000))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('stays finite for very many attempts', () => {
    expect(backoffDelay(10_000, 100, 5000)).toBe(5000);
  });
});

describe('sleep', () => {
  it('wakes at once when its signal aborts', async () => {
    const stop = new AbortController();
    const slept = sleep(60_000, stop.signal);
    stop.abort();
    await expect(slept).resolves.toBeUndefined();
  });
});

describe('daysFromEnv', () => {
  const { daysFromEnv } = jest.requireActual<typeof import('./backoff')>('./backoff');
  it('reads a positive number of days, with the fallback when unset', () => {
    expect(daysFromEnv('KEEP', 30, {})).toBe(30 * 24 * 3600_000);
    expect(daysFromEnv('KEEP', 30, { KEEP: '0.5' })).toBe(12 * 3600_000);
  });
  it('refuses anything else by its name', () => {
    expect(() => daysFromEnv('KEEP', 30, { KEEP: '-1' })).toThrow('KEEP="-1": must be a positive number of days');
    expect(() => daysFromEnv('KEEP', 30, { KEEP: 'a month' })).toThrow(/KEEP="a month"/);
  });
});
