import fc from 'fast-check';
import { SENDING_CHANNELS as CHANNELS } from '@amicus/contact';
import type { Channel } from '../channels/channel';
import {
  DEFAULT_RETRY_POLICY,
  FailedAttempt,
  RetryPolicy,
  backoffBoundsMs,
  backoffDelayMs,
  decideAfterFailure,
  nextChannel,
  nominalDelayMs,
  validateRetryPolicy,
} from './retry-policy';

const policy: RetryPolicy = { baseDelayMs: 1_000, factor: 2, maxDelayMs: 60_000, jitter: 0.5, maxAttemptsPerChannel: 3 };
const now = new Date('2024-05-02T09:00:00Z');

const policyArb: fc.Arbitrary<RetryPolicy> = fc
  .record({
    baseDelayMs: fc.integer({ min: 1, max: 600_000 }),
    factor: fc.double({ min: 1, max: 10, noNaN: true }),
    extra: fc.integer({ min: 0, max: 86_400_000 }),
    jitter: fc.double({ min: 0, max: 1, noNaN: true }),
    maxAttemptsPerChannel: fc.integer({ min: 1, max: 10 }),
  })
  .map(({ extra, ...p }) => ({ ...p, maxDelayMs: p.baseDelayMs + extra }));

const randomArb = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

function failure(overrides: Partial<FailedAttempt> = {}): FailedAttempt {
  return {
    channel: 'email',
    attemptsOnChannel: 1,
    error: { retryable: true, message: 'SMTP 451' },
    triedChannels: ['email'],
    channelsOrder: ['email', 'sms', 'letter'],
    fallbackAllowed: true,
    now,
    ...overrides,
  };
}

describe('backoff', () => {
  it('doubles from the base delay and stops at the cap', () => {
    expect([1, 2, 3, 4, 7, 8, 50].map((n) => nominalDelayMs(n, policy))).toEqual([1_000, 2_000, 4_000, 8_000, 60_000, 60_000, 60_000]);
  });

  it('is deterministic for the same random draw', () => {
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(3_000);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(4_000);
  });

  it('stays within its bounds for every policy, attempt and random draw', () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 1, max: 200 }), randomArb, (p, n, r) => {
        const { min, max } = backoffBoundsMs(n, p);
        const delay = backoffDelayMs(n, p, () => r);
        expect(delay).toBeGreaterThanOrEqual(min);
        expect(delay).toBeLessThanOrEqual(max);
        expect(max).toBeLessThanOrEqual(p.maxDelayMs);
        expect(Number.isFinite(delay)).toBe(true);
      }),
    );
  });

  it('never shrinks the nominal delay as attempts grow', () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 1, max: 100 }), (p, n) => {
        expect(nominalDelayMs(n + 1, p)).toBeGreaterThanOrEqual(nominalDelayMs(n, p));
      }),
    );
  });

  it('refuses a random source outside [0, 1)', () => {
    expect(() => backoffDelayMs(1, policy, () => 1)).toThrow(/random/);
  });

  it('accepts the default policy and rejects nonsense', () => {
    expect(() => validateRetryPolicy(DEFAULT_RETRY_POLICY)).not.toThrow();
    expect(() => validateRetryPolicy({ ...policy, jitter: 2, factor: 0.5 })).toThrow(/jitter.*|factor/);
  });
});

describe('decideAfterFailure', () => {
  it('retries a retryable failure on the same channel after the backoff', () => {
    const decision = decideAfterFailure(failure({ attemptsOnChannel: 2 }), policy, () => 0);
    expect(decision).toMatchObject({ action: 'retry', channel: 'email', attempt: 3, at: new Date(now.getTime() + 2_000) });
  });

  it('falls back to the next channel once the attempts on this one are used up', () => {
    const decision = decideAfterFailure(failure({ attemptsOnChannel: 3 }), policy, () => 0);
    expect(decision).toMatchObject({ action: 'fallback', channel: 'sms' });
  });

  it('does not retry a permanent failure, it falls back at once', () => {
    const decision = decideAfterFailure(failure({ error: { retryable: false, message: 'SMTP 550' } }), policy, () => 0);
    expect(decision).toMatchObject({ action: 'fallback', channel: 'sms' });
  });

  it('gives up when the scenario allows no other channel', () => {
    const decision = decideAfterFailure(failure({ attemptsOnChannel: 3, fallbackAllowed: false }), policy, () => 0);
    expect(decision.action).toBe('give_up');
  });

  it('skips channels already tried and gives up when none is left', () => {
    expect(
      decideAfterFailure(
        failure({ channel: 'sms', triedChannels: ['email', 'sms'], error: { retryable: false, message: 'x' } }),
        policy,
        () => 0,
      ),
    ).toMatchObject({
      action: 'fallback',
      channel: 'letter',
    });
    expect(
      decideAfterFailure(
        failure({ channel: 'letter', triedChannels: ['email', 'sms', 'letter'], error: { retryable: false, message: 'x' } }),
        policy,
        () => 0,
      ).action,
    ).toBe('give_up');
  });

  it('never retries more than the maximum, never falls back to a tried channel, never retries a permanent failure', () => {
    const channelArb = fc.constantFrom<Channel>(...CHANNELS);
    fc.assert(
      fc.property(
        policyArb,
        channelArb,
        fc.uniqueArray(channelArb, { maxLength: 5 }),
        fc.uniqueArray(channelArb, { maxLength: 5 }),
        fc.integer({ min: 1, max: 12 }),
        fc.boolean(),
        fc.boolean(),
        randomArb,
        (p, channel, order, tried, attempts, retryable, fallbackAllowed, r) => {
          const decision = decideAfterFailure(
            failure({
              channel,
              channelsOrder: order,
              triedChannels: [...tried, channel],
              attemptsOnChannel: attempts,
              error: { retryable, message: 'x' },
              fallbackAllowed,
            }),
            p,
            () => r,
          );
          if (decision.action === 'retry') {
            expect(retryable).toBe(true);
            expect(decision.attempt).toBeLessThanOrEqual(p.maxAttemptsPerChannel);
            expect(decision.at.getTime()).toBeGreaterThan(now.getTime());
          }
          if (decision.action === 'fallback') {
            expect(fallbackAllowed).toBe(true);
            expect([...tried, channel]).not.toContain(decision.channel);
            expect(order).toContain(decision.channel);
          }
        },
      ),
    );
  });
});

describe('nextChannel', () => {
  it('takes the channel after the current one in the debtor’s order, wrapping around', () => {
    expect(nextChannel('sms', ['email', 'sms', 'letter'], ['sms'])).toBe('letter');
    expect(nextChannel('letter', ['email', 'sms', 'letter'], ['sms', 'letter'])).toBe('email');
    expect(nextChannel('whatsapp', ['email', 'sms'], ['whatsapp'])).toBe('email');
  });
});
