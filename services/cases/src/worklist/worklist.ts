/**
 * The agent's worklist: its cases across its brands, most urgent first.
 *
 * Order: cases with a due action (next action at or before now: a promise due today, a
 * call-back asked for, a scheduled step) come first; then the priority score, highest first;
 * then the case id, so the order is stable.
 *
 * Priority score, in integer milli-points (so it can be stored and indexed exactly):
 *
 *   score = 2000 × log10(1 + open amount in major units)      open amount, log-scaled: €100 → 4010, €10 000 → 8000
 *         +   20 × days since the oldest due date                 age: one point per 50 days overdue
 *         + 3000 × min(broken promises, 3)                         a debtor who broke promises needs a call
 *         + weight of the last contact outcome                     see `priorityWeights.lastContactOutcome`
 *
 * Age enters linearly, so the score splits into a part that never changes with time, stored in
 * a column (`storedPriorityScore`), and 20 × today's epoch day, which is the same for every
 * case on a given day. Ordering by the stored column is therefore ordering by the score, any
 * day, with a plain b-tree index: recompute the column when the amount, promises or last
 * contact change, never because a day passed.
 *
 * Amounts in different currencies are not converted: the log scale makes the difference small,
 * and a client's cases are nearly always in one currency.
 */
import type { Money } from '@amicus/money';
import { dayNumber, type CalendarDate } from '@amicus/calendar';
import { minorDigits } from '@amicus/money';

export type ContactOutcome =
  | 'call_back_requested'
  | 'promise_broken'
  | 'refused'
  | 'no_answer'
  | 'voicemail'
  | 'reached'
  | 'wrong_number'
  | 'promise_to_pay'
  | 'payment_plan_agreed'
  | 'disputed';

export interface WorklistEntry {
  caseId: string;
  openAmount: Money;
  /** The oldest due date among the case's open claims. */
  oldestDueDate: CalendarDate;
  brokenPromises: number;
  lastContactOutcome?: ContactOutcome;
  /** When the next action is due (promise due, call-back, scheduled step); none if nothing is planned. */
  nextActionAt?: Date;
}

export const priorityWeights = {
  /** Milli-points per factor of ten of the open amount (major units). */
  amountPerDecade: 2000,
  /** Milli-points per day since the oldest due date. */
  agePerDay: 20,
  /** Milli-points per broken promise, counted up to `maxBrokenPromises`. */
  brokenPromise: 3000,
  maxBrokenPromises: 3,
  /** Milli-points for the last contact's outcome; none when there was no contact yet. */
  lastContactOutcome: {
    call_back_requested: 3000, // the debtor asked to be called: keep the word
    promise_broken: 2500,
    refused: 2000,
    no_answer: 1000,
    voicemail: 1000,
    reached: 0,
    wrong_number: -1000, // a call will not help until the number is traced
    promise_to_pay: -2000, // wait for the promised date (it comes back as a due action)
    payment_plan_agreed: -3000,
    disputed: -5000, // collection of disputed claims is paused until resolved
  } satisfies Record<ContactOutcome, number>,
} as const;

/** The time-independent part of the score, to store in an indexed integer column. */
export function storedPriorityScore(entry: WorklistEntry): number {
  return timelessPoints(entry) - priorityWeights.agePerDay * dayNumber(entry.oldestDueDate);
}

/** The score on a given day: the stored part plus the age on that day. */
export function priorityScore(entry: WorklistEntry, today: CalendarDate): number {
  return storedPriorityScore(entry) + priorityWeights.agePerDay * dayNumber(today);
}

/** The SQL ordering that matches `orderWorklist` over a table with the stored score. */
export const worklistOrderSql = '(next_action_at IS NOT NULL AND next_action_at <= $1) DESC, priority_score DESC, id ASC';

export function isActionDue(entry: WorklistEntry, now: Date): boolean {
  return entry.nextActionAt !== undefined && entry.nextActionAt.getTime() <= now.getTime();
}

/** Due actions first, then score (highest first), then case id. Returns a new array. */
export function orderWorklist<T extends WorklistEntry>(entries: readonly T[], now: Date): T[] {
  const keyed = entries.map((entry) => ({ entry, due: isActionDue(entry, now), score: storedPriorityScore(entry) }));
  keyed.sort((a, b) => {
    if (a.due !== b.due) return a.due ? -1 : 1;
    if (a.score !== b.score) return b.score - a.score;
    return a.entry.caseId < b.entry.caseId ? -1 : a.entry.caseId > b.entry.caseId ? 1 : 0;
  });
  return keyed.map((k) => k.entry);
}

function timelessPoints(entry: WorklistEntry): number {
  const exponent = minorDigits(entry.openAmount.currency);
  const open = entry.openAmount.amountMinor > 0n ? entry.openAmount.amountMinor : 0n;
  // A float only for the logarithm of a ranking figure, never for money itself.
  const major = Number(open) / 10 ** exponent;
  const amount = Math.round(priorityWeights.amountPerDecade * Math.log10(1 + major));
  const broken = priorityWeights.brokenPromise * Math.min(Math.max(entry.brokenPromises, 0), priorityWeights.maxBrokenPromises);
  const outcome = entry.lastContactOutcome ? priorityWeights.lastContactOutcome[entry.lastContactOutcome] : 0;
  return amount + broken + outcome;
}
