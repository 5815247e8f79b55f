/**
 * What a consumer does when a handler throws (issue 18 §4): a failure that waiting can cure (the
 * database restarting, a serialization failure or deadlock between two transactions, a dropped
 * connection) is retried with back-off for a long while; one that no retry can cure (the event
 * does not decode, the handler refuses its content) is parked at once, so the partition moves on;
 * one we cannot tell is retried a few times, then parked. A pure function of the error and the
 * attempt number.
 */
import { backoffDelay } from './backoff';

export type FailureKind = 'transient' | 'permanent' | 'unknown';

export interface ConsumerRetryPolicy {
  /** Tries of a failure we cannot classify before its message is parked. */
  maxUnknownAttempts: number;
  /** Tries of a transient failure before its message is parked (with the cap, ~15 minutes of an outage). */
  maxTransientAttempts: number;
  /** Wait before the first retry; doubles up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: ConsumerRetryPolicy = {
  maxUnknownAttempts: 5,
  maxTransientAttempts: 40,
  baseDelayMs: 200,
  maxDelayMs: 30_000,
};

export type RetryDecision = { action: 'retry'; delayMs: number } | { action: 'park' };

/**
 * PostgreSQL SQLSTATE classes and codes (Appendix A of its manual) that a later try may pass:
 * 08 connection exception, 53 insufficient resources, 57P01–57P03 the server shutting down or
 * starting, 40001 serialization failure, 40P01 deadlock, 55P03 lock not available, 57014 a
 * statement timeout.
 */
const TRANSIENT_SQLSTATE_CLASSES = ['08', '53'];
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '55P03', '57014', '57P01', '57P02', '57P03']);
/** 22 data exception, 23 integrity constraint violation, 42 syntax error or access rule violation: the same statement fails again. */
const PERMANENT_SQLSTATE_CLASSES = ['22', '23', '42'];
/** Node's socket errors: the peer went away or could not be reached for now. */
const TRANSIENT_SYSTEM_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** pg's and the pool's messages for a connection lost or not had in time (they carry no code). */
const TRANSIENT_MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /connection (?:is )?(?:closed|ended)/i];
/** @amicus/errors DomainError codes: the handler refused the event's content. */
const PERMANENT_DOMAIN_CODES = new Set(['invalid_input', 'not_found', 'forbidden', 'conflict', 'legally_refused']);

/** An error a handler threw, as far as we can read it: its own code, or its driver's (TypeORM wraps pg's). */
function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    e = (e as { driverError?: unknown; cause?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return codes;
}

/** Whether waiting may help: transient, permanent, or unknown. */
export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof PermanentFailure) return 'permanent';
  const name = error instanceof Error ? error.name : '';
  const codes = codesOf(error);
  for (const code of codes) {
    if (/^[0-9A-Z]{5}$/.test(code)) {
      if (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_SQLSTATE_CLASSES.includes(code.slice(0, 2))) return 'transient';
      if (PERMANENT_SQLSTATE_CLASSES.includes(code.slice(0, 2))) return 'permanent';
    }
    if (TRANSIENT_SYSTEM_CODES.has(code)) return 'transient';
    if (name === 'DomainError' && PERMANENT_DOMAIN_CODES.has(code)) return 'permanent';
  }
  const message = error instanceof Error ? error.message : String(error);
  if (TRANSIENT_MESSAGES.some((re) => re.test(message))) return 'transient';
  // A decoding or validation error (JSON.parse, a TypeBox check, a type error on the payload) fails the same way every time.
  if (name === 'SyntaxError' || name === 'TypeError' || name === 'RangeError' || name === 'ValidationError') return 'permanent';
  return 'unknown';
}

/** After `attempt` tries (from 1) failed with a failure of `kind`: wait and retry, or park now. */
export function decideRetry(kind: FailureKind, attempt: number, policy: ConsumerRetryPolicy = DEFAULT_RETRY_POLICY): RetryDecision {
  const limit = kind === 'permanent' ? 1 : kind === 'transient' ? policy.maxTransientAttempts : policy.maxUnknownAttempts;
  if (attempt >= Math.max(1, limit)) return { action: 'park' };
  return { action: 'retry', delayMs: backoffDelay(attempt, policy.baseDelayMs, Math.max(policy.baseDelayMs, policy.maxDelayMs)) };
}

/** A handler throws this to say no retry can help (its message is parked at once, to be replayed once fixed). */
export class PermanentFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentFailure';
  }
}
