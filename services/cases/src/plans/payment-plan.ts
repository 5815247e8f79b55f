/**
 * A payment plan, as plain values: the instalments a proposal names (or a count and a first
 * date), whether they fit the client's limits (then the plan is agreed at once; otherwise it
 * waits for an agent or the client's user), and where a plan stands on a day given the payments
 * received since it was proposed.
 *
 * The plan's total is the case's open amount on the day it is proposed (the engine's total:
 * principal, interest and costs charged up to that day, less what was paid). A settlement for
 * less is a closing decision (`closeCase settled`), not a plan. Interest the law lets run while
 * the plan is kept stays due: a completed plan with something still open lets the journey go on
 * for the rest.
 *
 * Payments count towards the instalments in order (the first instalment is covered first), from
 * the day the plan was proposed. An instalment is expected by its date; one not covered by the
 * end of its grace days (the client's, default 5) is missed and breaks the plan the next day. A
 * plan whose payments reach its total is completed. Broken and completed are for good: a plan's
 * standing is a function of its instalments, its payments and the day, and moving day by day
 * gives the same standing as computing it once on the last day (payment-plan.spec.ts).
 */
import { addDays, dayNumber, fromDayNumber, isCalendarDate, type CalendarDate } from '@amicus/calendar';
import type { FieldProblem } from '@amicus/errors';

export interface Instalment {
  /** 1, 2, …: the order payments cover them in. */
  seq: number;
  dueOn: CalendarDate;
  amountMinor: bigint;
  /** The first instalment, paid upfront (the client may require one). */
  downPayment: boolean;
}

/** The client's limits for plans agreed without an approval (client settings). */
export interface PlanLimits {
  /** The last instalment falls due at most this many months after the day the plan is proposed. */
  maxMonths: number;
  /** Every instalment but the last (which may be the remainder) is at least this much. */
  minInstalmentMinor: bigint;
  downPaymentRequired: boolean;
  /** Days after an instalment's date before it counts as missed. */
  graceDays: number;
}

export const DEFAULT_PLAN_LIMITS: PlanLimits = { maxMonths: 12, minInstalmentMinor: 2500n, downPaymentRequired: false, graceDays: 5 };

export const MAX_INSTALMENTS = 120;

/** A proposal as the API takes it: explicit instalments, or a count of monthly ones from a first date; an optional down payment before them. */
export interface PlanProposalWire {
  instalments?: { dueOn: string; amountMinor: string }[] | null;
  count?: number | null;
  firstDueOn?: string | null;
  downPaymentMinor?: string | null;
  downPaymentOn?: string | null;
}

const MINOR = /^[1-9]\d{0,15}$/;

/**
 * The instalments of a proposal on a case with `totalMinor` open on `today`, or what is wrong
 * with it, field by field. A count of instalments splits what the down payment leaves into equal
 * monthly parts (the cents left over go one each to the first ones), so they sum to the total.
 */
export function readProposal(
  wire: PlanProposalWire,
  totalMinor: bigint,
  today: CalendarDate,
  money: (minor: bigint) => string,
): { instalments: Instalment[] } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const bad = (field: string, reason: string) => problems.push({ field, reason });
  if (totalMinor <= 0n) return { problems: [{ field: 'caseId', reason: 'the case has nothing open to pay in instalments' }] };

  let down: Instalment | null = null;
  if (wire.downPaymentMinor != null) {
    const on = wire.downPaymentOn ?? today;
    if (!MINOR.test(wire.downPaymentMinor)) bad('downPaymentMinor', 'is an amount in minor units, more than zero');
    else if (!isCalendarDate(on)) bad('downPaymentOn', 'is a date (YYYY-MM-DD)');
    else if (on < today) bad('downPaymentOn', `is before today (${today})`);
    else down = { seq: 1, dueOn: on, amountMinor: BigInt(wire.downPaymentMinor), downPayment: true };
  } else if (wire.downPaymentOn != null) bad('downPaymentMinor', 'is required with downPaymentOn');

  const explicit = wire.instalments != null;
  const counted = wire.count != null || wire.firstDueOn != null;
  if (explicit === counted) {
    bad('instalments', 'give either the instalments or a count with a first date');
    return { problems };
  }
  const after = down?.dueOn ?? addDays(today, -1);
  let rest: { dueOn: CalendarDate; amountMinor: bigint }[] = [];
  if (explicit) {
    const list = wire.instalments!;
    if (list.length === 0) bad('instalments', 'has no instalment');
    if (list.length > MAX_INSTALMENTS) bad('instalments', `has more than ${MAX_INSTALMENTS} instalments`);
    let previous = after;
    list.forEach((i, n) => {
      if (!isCalendarDate(i.dueOn)) bad(`instalments[${n}].dueOn`, 'is a date (YYYY-MM-DD)');
      else if (i.dueOn <= previous)
        bad(
          `instalments[${n}].dueOn`,
          n === 0
            ? `is not after ${down ? 'the down payment' : 'yesterday'} (${previous})`
            : `is not after the instalment before it (${previous})`,
        );
      else previous = i.dueOn;
      if (!MINOR.test(i.amountMinor)) bad(`instalments[${n}].amountMinor`, 'is an amount in minor units, more than zero');
    });
    if (problems.length) return { problems };
    rest = list.map((i) => ({ dueOn: i.dueOn, amountMinor: BigInt(i.amountMinor) }));
  } else {
    const count = wire.count;
    if (count == null || !Number.isInteger(count) || count < 1 || count > MAX_INSTALMENTS)
      bad('count', `is a whole number of instalments from 1 to ${MAX_INSTALMENTS}`);
    const first = wire.firstDueOn;
    if (first == null || !isCalendarDate(first)) bad('firstDueOn', 'is a date (YYYY-MM-DD)');
    else if (first <= after) bad('firstDueOn', `is not after ${down ? 'the down payment' : 'yesterday'} (${after})`);
    if (problems.length) return { problems };
    const left = totalMinor - (down?.amountMinor ?? 0n);
    if (left < BigInt(count!)) {
      bad('downPaymentMinor', `leaves ${money(left > 0n ? left : 0n)} for ${count} instalments`);
      return { problems };
    }
    rest = splitEvenly(left, count!).map((amountMinor, n) => ({ dueOn: addMonths(first!, n), amountMinor }));
  }
  const instalments = [...(down ? [down] : []), ...rest.map((r) => ({ ...r, downPayment: false }))].map((i, n) => ({ ...i, seq: n + 1 }));
  const sum = sumOf(instalments);
  if (sum !== totalMinor)
    bad(explicit ? 'instalments' : 'downPaymentMinor', `the plan sums to ${money(sum)}; the case has ${money(totalMinor)} open today`);
  return problems.length ? { problems } : { instalments };
}

/** `total` in `count` parts that differ by a cent at most, the larger first; they sum to `total`. */
export function splitEvenly(total: bigint, count: number): bigint[] {
  const n = BigInt(count);
  const base = total / n;
  const extra = Number(total % n);
  return Array.from({ length: count }, (_, i) => base + (i < extra ? 1n : 0n));
}

export const sumOf = (instalments: readonly { amountMinor: bigint }[]): bigint => instalments.reduce((s, i) => s + i.amountMinor, 0n);

/** The same day `months` later; the month's last day when it has no such day (31 Jan + 1 month = 28 or 29 Feb). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const firstOfNext = dayNumber(
    `${String(month === 12 ? year + 1 : year).padStart(4, '0')}-${String(month === 12 ? 1 : month + 1).padStart(2, '0')}-01`,
  );
  const first = dayNumber(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`);
  return fromDayNumber(first + Math.min(d, firstOfNext - first) - 1);
}

/** Why a plan falls outside the client's limits (none: it is agreed at once). */
export function outsideLimits(
  instalments: readonly Instalment[],
  limits: PlanLimits,
  proposedOn: CalendarDate,
  money: (minor: bigint) => string,
): string[] {
  const reasons: string[] = [];
  const last = instalments.at(-1);
  if (last && last.dueOn > addMonths(proposedOn, limits.maxMonths))
    reasons.push(`the last instalment (${last.dueOn}) falls more than ${limits.maxMonths} months after ${proposedOn}`);
  const small = instalments.slice(0, -1).find((i) => i.amountMinor < limits.minInstalmentMinor);
  if (small && instalments.length > 1)
    reasons.push(
      `instalment ${small.seq} (${money(small.amountMinor)}) is below the client's minimum of ${money(limits.minInstalmentMinor)}`,
    );
  if (limits.downPaymentRequired && !instalments[0]?.downPayment) reasons.push('the client requires a down payment');
  return reasons;
}

/** A payment counted towards a plan or a promise: the day it was received and its amount. */
export interface CountedPayment {
  receivedOn: CalendarDate;
  amountMinor: bigint;
}

export type PlanOutcome = 'kept' | 'broken' | 'completed';
export type InstalmentStatus = 'paid' | 'partly_paid' | 'due' | 'missed' | 'upcoming';

export interface PlanStanding {
  outcome: PlanOutcome;
  /** Paid towards the plan by `today` (from the day it was proposed). */
  paidMinor: bigint;
  instalments: (Instalment & { paidMinor: bigint; status: InstalmentStatus })[];
  /** The instalment whose miss broke the plan, and the day it broke (the day after its grace ended). */
  missed: { seq: number; brokeOn: CalendarDate; paidMinor: bigint } | null;
  /** Kept: the day the next instalment not yet covered is missed if still not covered (checked from its start). */
  checkOn: CalendarDate | null;
}

/**
 * Where a plan stands on `today`: payments received from `countsFrom` up to `today` cover the
 * instalments in order; an instalment not covered by the end of its grace days breaks it.
 */
export function planStanding(
  instalments: readonly Instalment[],
  payments: readonly CountedPayment[],
  today: CalendarDate,
  graceDays: number,
  countsFrom: CalendarDate,
): PlanStanding {
  const counted = payments.filter((p) => p.receivedOn >= countsFrom && p.receivedOn <= today);
  const paidBy = (day: CalendarDate) => counted.reduce((s, p) => (p.receivedOn <= day ? s + p.amountMinor : s), 0n);
  const paid = paidBy(today);
  let before = 0n;
  let missed: PlanStanding['missed'] = null;
  let checkOn: CalendarDate | null = null;
  const rows = instalments.map((i) => {
    const upTo = before + i.amountMinor;
    const lastDay = addDays(i.dueOn, graceDays);
    const byDeadline = paidBy(lastDay);
    if (!missed && lastDay < today && byDeadline < upTo)
      missed = { seq: i.seq, brokeOn: addDays(lastDay, 1), paidMinor: clamp(byDeadline - before, i.amountMinor) };
    if (checkOn === null && paid < upTo) checkOn = addDays(lastDay, 1);
    const covered = clamp(paid - before, i.amountMinor);
    before = upTo;
    const status: InstalmentStatus =
      covered === i.amountMinor
        ? 'paid'
        : lastDay < today
          ? 'missed'
          : covered > 0n
            ? 'partly_paid'
            : i.dueOn <= today
              ? 'due'
              : 'upcoming';
    return { ...i, paidMinor: covered, status };
  });
  const outcome: PlanOutcome = missed ? 'broken' : paid >= before ? 'completed' : 'kept';
  return { outcome, paidMinor: paid, instalments: rows, missed, checkOn: outcome === 'kept' ? checkOn : null };
}

const clamp = (v: bigint, max: bigint): bigint => (v < 0n ? 0n : v > max ? max : v);

/**
 * The outcome the sweep stores when it checks a plan on `today`: a plan already broken or
 * completed stays so (its events went out); a kept one takes its standing of the day.
 */
export function nextPlanOutcome(stored: PlanOutcome, standing: PlanStanding): PlanOutcome {
  return stored === 'kept' ? standing.outcome : stored;
}
