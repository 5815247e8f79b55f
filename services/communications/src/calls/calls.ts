import { calendarDateIn, isCalendarDate } from '@amicus/calendar';
import type { Money } from '@amicus/money';
import { checkE164 } from '../channels/phone-number';
import type { ContactHistoryEntry, LegalContactCheck, LegalContactDecision } from '../contact-rules/contact-rules';

/**
 * Calls agents make or take (issue 5, part 5). `logCall` validates what the agent enters and
 * says what must follow (a promise to pay for cases, a call-back task, a wrong number to flag).
 * Logged calls are contacts: `callsToContactHistory` turns them into the history the legal
 * engine's frequency limits count.
 */

export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

export const CALL_OUTCOMES = ['reached', 'no_answer', 'wrong_number', 'promise_to_pay', 'dispute_raised', 'call_back'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export interface CallInput {
  caseId: string;
  agentId: string;
  number: string;
  direction: string;
  outcome: string;
  startedAt: Date;
  durationSeconds?: number;
  notes?: string;
  /** Required for call_back: when to call again, in the future. */
  callBackAt?: Date;
  /** Required for promise_to_pay. */
  promise?: { amount: Money; dueDate: string };
}

export interface LoggedCall {
  caseId: string;
  agentId: string;
  number: string;
  direction: CallDirection;
  outcome: CallOutcome;
  startedAt: Date;
  durationSeconds?: number;
  notes?: string;
  callBackAt?: Date;
  promise?: { amount: Money; dueDate: string };
}

/** What the call means for the rest of the system; the service turns these into events/tasks. */
export type CallFollowUp =
  | { type: 'promise_to_pay'; amount: Money; dueDate: string }
  | { type: 'call_back'; at: Date }
  | { type: 'dispute_raised' }
  | { type: 'wrong_number'; number: string };

export interface FieldError {
  field: string;
  reason: string;
}

export type LogCallResult =
  { ok: true; call: LoggedCall; followUps: CallFollowUp[] } | { ok: false; code: 'invalid_input'; errors: FieldError[] };

const isValidDate = (d: unknown): d is Date => d instanceof Date && !Number.isNaN(d.getTime());

/**
 * Validates a call as the agent logs it, reporting every bad field at once.
 * `timeZone` is the debtor's: a promise's due date is a calendar date there and may not lie in
 * the past.
 */
export function logCall(input: CallInput, now: Date, timeZone: string): LogCallResult {
  const errors: FieldError[] = [];
  const number = checkE164(input.number ?? '');
  if (!number.ok) errors.push({ field: 'number', reason: number.reason });
  if (!CALL_DIRECTIONS.includes(input.direction as CallDirection)) {
    errors.push({ field: 'direction', reason: `must be one of ${CALL_DIRECTIONS.join(', ')}` });
  }
  const outcome = input.outcome as CallOutcome;
  if (!CALL_OUTCOMES.includes(outcome)) errors.push({ field: 'outcome', reason: `must be one of ${CALL_OUTCOMES.join(', ')}` });
  if (!input.caseId) errors.push({ field: 'caseId', reason: 'is required' });
  if (!input.agentId) errors.push({ field: 'agentId', reason: 'is required' });
  if (!isValidDate(input.startedAt)) errors.push({ field: 'startedAt', reason: 'must be a valid instant' });
  else if (input.startedAt.getTime() > now.getTime())
    errors.push({ field: 'startedAt', reason: 'a call is logged after it started, not before' });
  if (input.durationSeconds !== undefined && !(Number.isInteger(input.durationSeconds) && input.durationSeconds >= 0)) {
    errors.push({ field: 'durationSeconds', reason: 'must be a whole number of seconds, 0 or more' });
  }

  if (outcome === 'call_back') {
    if (!isValidDate(input.callBackAt)) errors.push({ field: 'callBackAt', reason: 'is required for a call back' });
    else if (input.callBackAt.getTime() <= now.getTime()) errors.push({ field: 'callBackAt', reason: 'must be in the future' });
  } else if (input.callBackAt !== undefined) {
    errors.push({ field: 'callBackAt', reason: 'is only for the outcome call_back' });
  }

  if (outcome === 'promise_to_pay') {
    const promise = input.promise;
    if (!promise) {
      errors.push({ field: 'promise', reason: 'amount and due date are required for a promise to pay' });
    } else {
      if (typeof promise.amount?.amountMinor !== 'bigint' || promise.amount.amountMinor <= 0n) {
        errors.push({ field: 'promise.amount', reason: 'must be a positive amount in minor units' });
      }
      if (!/^[A-Z]{3}$/.test(promise.amount?.currency ?? ''))
        errors.push({ field: 'promise.amount.currency', reason: 'must be an ISO 4217 code' });
      if (!isCalendarDate(promise.dueDate ?? '')) errors.push({ field: 'promise.dueDate', reason: 'must be a calendar date YYYY-MM-DD' });
      else if (promise.dueDate < calendarDateIn(now, timeZone))
        errors.push({ field: 'promise.dueDate', reason: 'must not be in the past' });
    }
  } else if (input.promise !== undefined) {
    errors.push({ field: 'promise', reason: 'is only for the outcome promise_to_pay' });
  }

  if (errors.length > 0 || !number.ok) return { ok: false, code: 'invalid_input', errors };

  const call: LoggedCall = {
    caseId: input.caseId,
    agentId: input.agentId,
    number: number.e164,
    direction: input.direction as CallDirection,
    outcome,
    startedAt: input.startedAt,
    ...(input.durationSeconds !== undefined && { durationSeconds: input.durationSeconds }),
    ...(input.notes && { notes: input.notes.trim() }),
    ...(input.callBackAt && { callBackAt: input.callBackAt }),
    ...(input.promise && { promise: input.promise }),
  };
  return { ok: true, call, followUps: followUpsOf(call) };
}

function followUpsOf(call: LoggedCall): CallFollowUp[] {
  switch (call.outcome) {
    case 'promise_to_pay':
      return [{ type: 'promise_to_pay', amount: call.promise!.amount, dueDate: call.promise!.dueDate }];
    case 'call_back':
      return [{ type: 'call_back', at: call.callBackAt! }];
    case 'dispute_raised':
      return [{ type: 'dispute_raised' }];
    case 'wrong_number':
      return [{ type: 'wrong_number', number: call.number }];
    default:
      return [];
  }
}

/**
 * Logged calls as contact history. Every call is passed on, inbound ones marked so: whether an
 * unanswered or inbound call counts towards a limit is the legal engine's reading, not ours.
 */
export function callsToContactHistory(calls: readonly LoggedCall[]): ContactHistoryEntry[] {
  return calls.map((call) => ({ channel: 'phone', at: call.startedAt, direction: call.direction, kind: 'call', outcome: call.outcome }));
}

/** Communications and calls together, oldest first: the history `decideSend` and `decideCall` take. */
export function mergeContactHistory(...histories: ReadonlyArray<readonly ContactHistoryEntry[]>): ContactHistoryEntry[] {
  return histories.flat().sort((a, b) => a.at.getTime() - b.at.getTime());
}

export type CallDecision =
  | { allowed: true; legal: LegalContactDecision }
  | {
      allowed: false;
      code: 'dispute_open' | 'legally_refused';
      reason: string;
      rule?: string;
      notBefore?: Date;
      legal?: LegalContactDecision;
    };

/**
 * May an agent call this debtor now (an outbound collection call)? Not while a dispute is open
 * (BE-A-4: no harassing a debtor who contested the debt with reasons; the dispute goes through
 * the client), and only where the legal engine allows a phone contact now (BE-A-4: no calls
 * 22:00–08:00; frequency limits, calls counted).
 */
export function decideCall(input: {
  case: { disputeOpen: boolean };
  now: Date;
  history: readonly ContactHistoryEntry[];
  country?: string;
  timeZone?: string;
  legalCheck: LegalContactCheck;
}): CallDecision {
  if (input.case.disputeOpen) {
    return {
      allowed: false,
      code: 'dispute_open',
      reason: 'a dispute is open: no collection calls until it is resolved',
      rule: 'AMICUS-DISPUTE',
    };
  }
  const legal = input.legalCheck({
    channel: 'phone',
    kind: 'call',
    at: input.now,
    country: input.country,
    timeZone: input.timeZone,
    history: input.history,
  });
  if (legal.allowed) return { allowed: true, legal };
  const earliest = legal.earliestAt ? new Date(legal.earliestAt) : undefined;
  return {
    allowed: false,
    code: 'legally_refused',
    reason: legal.reason,
    rule: legal.rule,
    notBefore: earliest && earliest.getTime() > input.now.getTime() ? earliest : undefined,
    legal,
  };
}
