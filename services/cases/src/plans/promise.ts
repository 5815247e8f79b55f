/**
 * A promise to pay, as plain values: an amount by a date, made to an agent, on a call or on the
 * debtor's page. It pauses the journey until the day after its date (journeys/journey.ts,
 * mayGoOn); it is kept as soon as the payments received from the day it was made up to its date
 * reach its amount, and broken when its date has passed without that. A broken promise counts
 * on the case (`brokenPromises`, the worklist's score). A new promise replaces the open one.
 */
import { addDays, isCalendarDate, type CalendarDate } from '@amicus/calendar';
import type { FieldProblem } from '@amicus/errors';
import type { CountedPayment } from './payment-plan';

export const PROMISE_SOURCES = ['agent', 'call', 'debtor_page'] as const;
export type PromiseSource = (typeof PROMISE_SOURCES)[number];
export type PromiseStatus = 'open' | 'kept' | 'broken' | 'replaced';

/** A promise further off than this is a payment plan. */
export const MAX_PROMISE_DAYS = 92;

export interface PromiseTerms {
  amountMinor: bigint;
  dueOn: CalendarDate;
  /** The day it was made: payments from then count. */
  madeOn: CalendarDate;
}

/** The terms of a promise made on `today` on a case with `openMinor` open, or what is wrong, by field. */
export function readPromise(
  wire: { amountMinor: string; dueOn: string },
  openMinor: bigint,
  today: CalendarDate,
  money: (minor: bigint) => string,
): { terms: PromiseTerms } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (!/^[1-9]\d{0,15}$/.test(wire.amountMinor))
    problems.push({ field: 'amountMinor', reason: 'is an amount in minor units, more than zero' });
  else if (BigInt(wire.amountMinor) > openMinor)
    problems.push({ field: 'amountMinor', reason: `is more than the ${money(openMinor > 0n ? openMinor : 0n)} the case has open` });
  if (!isCalendarDate(wire.dueOn)) problems.push({ field: 'dueOn', reason: 'is a date (YYYY-MM-DD)' });
  else if (wire.dueOn < today) problems.push({ field: 'dueOn', reason: `is before today (${today})` });
  else if (wire.dueOn > addDays(today, MAX_PROMISE_DAYS))
    problems.push({ field: 'dueOn', reason: `is more than ${MAX_PROMISE_DAYS} days away: propose a payment plan instead` });
  return problems.length ? { problems } : { terms: { amountMinor: BigInt(wire.amountMinor), dueOn: wire.dueOn, madeOn: today } };
}

/** Paid towards a promise by `today`: payments received from the day it was made up to its date. */
export function paidTowards(p: PromiseTerms, payments: readonly CountedPayment[], today: CalendarDate): bigint {
  const until = today < p.dueOn ? today : p.dueOn;
  return payments.reduce((s, x) => (x.receivedOn >= p.madeOn && x.receivedOn <= until ? s + x.amountMinor : s), 0n);
}

/** Where an open promise stands on `today`. */
export function promiseOutcome(p: PromiseTerms, payments: readonly CountedPayment[], today: CalendarDate): 'open' | 'kept' | 'broken' {
  if (paidTowards(p, payments, today) >= p.amountMinor) return 'kept';
  return today > p.dueOn ? 'broken' : 'open';
}

/** The day an open promise is checked again (from its start) when nothing comes in: the day after its date. */
export const promiseCheckOn = (p: PromiseTerms): CalendarDate => addDays(p.dueOn, 1);
