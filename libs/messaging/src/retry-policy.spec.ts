import fc from 'fast-check';
import { DomainError } from '@amicus/errors';
import { classifyFailure, decideRetry, DEFAULT_RETRY_POLICY, PermanentFailure, type FailureKind } from './retry-policy';

/** An error as TypeORM throws it for a failed query: pg's error, with its SQLSTATE, as driverError. */
function queryFailed(code: string): Error {
  return Object.assign(new Error('query failed'), { name: 'QueryFailedError', driverError: Object.assign(new Error('pg'), { code }) });
}

describe('classifyFailure', () => {
  it.each([
    ['a serialization failure', queryFailed('40001')],
    ['a deadlock', queryFailed('40P01')],
    ['a lost connection (class 08)', queryFailed('08006')],
    ['the server shutting down', queryFailed('57P01')],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    [
      'a fetch whose cause is a reset socket',
      new TypeError('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) }),
    ],
    ['the pool timing out', new Error('timeout exceeded when trying to connect')],
    ['a connection terminated', new Error('Connection terminated unexpectedly')],
  ])('retries %s: transient', (_, error) => {
    expect(classifyFailure(error)).toBe('transient');
  });

  it.each([
    ['a check constraint violated', queryFailed('23514')],
    ['an invalid text representation', queryFailed('22P02')],
    ['an undefined column', queryFailed('42703')],
    ['a refused input', DomainError.invalid([{ field: 'payload.amount', reason: 'must be positive' }])],
    ['a handler saying so', new PermanentFailure('the case is unknown')],
    [
      'JSON that does not parse',
      (() => {
        try {
          JSON.parse('{');
        } catch (e) {
          return e;
        }
      })(),
    ],
    ['a type error on the payload', new TypeError("Cannot read properties of undefined (reading 'id')")],
  ])('parks %s at once: permanent', (_, error) => {
    expect(classifyFailure(error)).toBe('permanent');
  });

  it('cannot tell a plain error', () => {
    expect(classifyFailure(new Error('the ledger is closed'))).toBe('unknown');
    expect(classifyFailure('a string')).toBe('unknown');
  });
});

describe('decideRetry', () => {
  it('parks a permanent failure after its first try', () => {
    expect(decideRetry('permanent', 1)).toEqual({ action: 'park' });
  });

  it('retries a transient failure with doubling back-off, far longer than one it cannot tell', () => {
    expect(decideRetry('transient', 1)).toEqual({ action: 'retry', delayMs: 200 });
    expect(decideRetry('transient', 2)).toEqual({ action: 'retry', delayMs: 400 });
    expect(decideRetry('unknown', DEFAULT_RETRY_POLICY.maxUnknownAttempts)).toEqual({ action: 'park' });
    expect(decideRetry('transient', DEFAULT_RETRY_POLICY.maxUnknownAttempts).action).toBe('retry');
    expect(decideRetry('transient', DEFAULT_RETRY_POLICY.maxTransientAttempts)).toEqual({ action: 'park' });
  });

  it('retries each kind exactly until its limit, waiting no less each time and never more than the cap', () => {
    const kinds: FailureKind[] = ['transient', 'permanent', 'unknown'];
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.record({
          maxUnknownAttempts: fc.integer({ min: 1, max: 20 }),
          maxTransientAttempts: fc.integer({ min: 1, max: 100 }),
          baseDelayMs: fc.integer({ min: 1, max: 5000 }),
          maxDelayMs: fc.integer({ min: 1, max: 60_000 }),
        }),
        (kind, policy) => {
          const limit = kind === 'permanent' ? 1 : kind === 'transient' ? policy.maxTransientAttempts : policy.maxUnknownAttempts;
          let last = 0;
          for (let attempt = 1; attempt <= limit + 2; attempt++) {
            const d = decideRetry(kind, attempt, policy);
            if (attempt >= limit) {
              expect(d).toEqual({ action: 'park' });
              continue;
            }
            if (d.action !== 'retry') throw new Error(`parked ${kind} at ${attempt} below its limit ${limit}`);
            expect(d.delayMs).toBeGreaterThanOrEqual(last);
            expect(d.delayMs).toBeLessThanOrEqual(Math.max(policy.baseDelayMs, policy.maxDelayMs));
            last = d.delayMs;
          }
        },
      ),
    );
  });
});
