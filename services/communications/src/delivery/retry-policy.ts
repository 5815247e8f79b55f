import type { Channel } from '../channels/channel';

/**
 * What happens after a send did not go: retry the same channel later (exponential backoff with
 * jitter), fall back to the debtor's next channel, or give up. Pure: the random source is
 * injected so a decision can be reproduced in a test or replayed from the history.
 *
 * Backoff for the n-th failed attempt (n >= 1):
 *   nominal(n) = min(maxDelayMs, baseDelayMs * factor^(n-1))
 *   delay(n)   = nominal(n) * (1 - jitter * random()),   random() in [0, 1)
 * (whole milliseconds, at least 1) so delay(n) lies in [nominal(n) * (1 - jitter), nominal(n)]: never above the cap, and the
 * jitter spreads retries of many messages that failed together (a provider outage) apart.
 */

export interface RetryPolicy {
  baseDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** Fraction of the nominal delay that may be taken off at random, 0..1. */
  jitter: number;
  maxAttemptsPerChannel: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 60_000,
  factor: 4,
  maxDelayMs: 6 * 60 * 60_000,
  jitter: 0.25,
  maxAttemptsPerChannel: 4,
};

export function validateRetryPolicy(policy: RetryPolicy): void {
  const problems: string[] = [];
  if (!(policy.baseDelayMs >= 1)) problems.push('baseDelayMs must be >= 1');
  if (!(policy.factor >= 1)) problems.push('factor must be >= 1');
  if (!(policy.maxDelayMs >= policy.baseDelayMs)) problems.push('maxDelayMs must be >= baseDelayMs');
  if (!(policy.jitter >= 0 && policy.jitter <= 1)) problems.push('jitter must be within 0..1');
  if (!(Number.isInteger(policy.maxAttemptsPerChannel) && policy.maxAttemptsPerChannel >= 1)) {
    problems.push('maxAttemptsPerChannel must be an integer >= 1');
  }
  if (problems.length) throw new Error(`invalid retry policy: ${problems.join('; ')}`);
}

export function nominalDelayMs(failedAttempts: number, policy: RetryPolicy): number {
  if (!Number.isInteger(failedAttempts) || failedAttempts < 1) throw new Error('failedAttempts must be an integer >= 1');
  // Computed by repeated multiplication with an early cap, so large n cannot overflow to Infinity.
  let delay = policy.baseDelayMs;
  for (let i = 1; i < failedAttempts && delay < policy.maxDelayMs; i++) delay *= policy.factor;
  return Math.min(policy.maxDelayMs, Math.round(delay));
}

export function backoffBoundsMs(failedAttempts: number, policy: RetryPolicy): { min: number; max: number } {
  const nominal = nominalDelayMs(failedAttempts, policy);
  // At least 1 ms, so that a retry is always strictly later than the failure.
  return { min: Math.max(1, Math.floor(nominal * (1 - policy.jitter))), max: nominal };
}

export function backoffDelayMs(failedAttempts: number, policy: RetryPolicy, random: () => number): number {
  const r = random();
  if (!(r >= 0 && r < 1)) throw new Error('random() must return a number in [0, 1)');
  const nominal = nominalDelayMs(failedAttempts, policy);
  return Math.max(backoffBoundsMs(failedAttempts, policy).min, Math.round(nominal * (1 - policy.jitter * r)));
}

export type RetryDecision =
  | { action: 'retry'; channel: Channel; attempt: number; at: Date; reason: string }
  | { action: 'fallback'; channel: Channel; reason: string }
  | { action: 'give_up'; reason: string };

export interface FailedAttempt {
  channel: Channel;
  /** Attempts made on this channel so far, including the one that just failed. */
  attemptsOnChannel: number;
  error: { retryable: boolean; message: string };
  /** Channels already tried for this communication (the current one included). */
  triedChannels: readonly Channel[];
  /** The debtor's channel order (preferred first). */
  channelsOrder: readonly Channel[];
  /** The scenario step says whether another channel may carry this communication. */
  fallbackAllowed: boolean;
  now: Date;
}

/**
 * A retryable error is retried on the same channel until `maxAttemptsPerChannel`; a permanent
 * one (bounce, refused number) is not retried at all. Then the next untried channel in the
 * debtor's order is used if the scenario allows it. The fallback still goes through the contact
 * rules before it leaves.
 */
export function decideAfterFailure(failure: FailedAttempt, policy: RetryPolicy, random: () => number): RetryDecision {
  if (failure.error.retryable && failure.attemptsOnChannel < policy.maxAttemptsPerChannel) {
    const delay = backoffDelayMs(failure.attemptsOnChannel, policy, random);
    return {
      action: 'retry',
      channel: failure.channel,
      attempt: failure.attemptsOnChannel + 1,
      at: new Date(failure.now.getTime() + delay),
      reason: `retryable failure on ${failure.channel} (attempt ${failure.attemptsOnChannel} of ${policy.maxAttemptsPerChannel}): ${failure.error.message}`,
    };
  }
  const why = failure.error.retryable
    ? `${failure.channel} failed ${failure.attemptsOnChannel} times`
    : `${failure.channel} failed permanently: ${failure.error.message}`;
  if (!failure.fallbackAllowed) return { action: 'give_up', reason: `${why}; the scenario allows no other channel` };
  const next = nextChannel(failure.channel, failure.channelsOrder, failure.triedChannels);
  if (!next) return { action: 'give_up', reason: `${why}; no untried channel left in the debtor's order` };
  return { action: 'fallback', channel: next, reason: `${why}; falling back to ${next}` };
}

/** The first channel after `current` in the debtor's order that was not tried yet. */
export function nextChannel(current: Channel, order: readonly Channel[], tried: readonly Channel[]): Channel | undefined {
  const start = order.indexOf(current);
  const candidates = start >= 0 ? [...order.slice(start + 1), ...order.slice(0, start)] : [...order];
  return candidates.find((c) => c !== current && !tried.includes(c));
}
