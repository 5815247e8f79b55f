/**
 * A case's proceedings as plain values (#16 §4): hearings and deadlines with the day legal staff
 * are reminded, the judgment (what it awarded, the costs, interest from when at what rate), and
 * what is still owed under it — the payments after the judgment allocated by its terms.
 *
 * Allocation after judgment (rule JDG-ALLOC): costs (the judgment's costs and the judicial
 * costs recorded since), then interest, then the principal awarded — the order of art. 1254
 * old Civil Code (Belgium; now art. 5.207 Civil Code — UNVERIFIED) and art. 6:44 BW (the
 * Netherlands), which a judgment's terms follow unless they say otherwise. Interest on the
 * principal awarded: simple, per day, actual/365, from `interestFrom` at the judgment's rate,
 * split at every payment (as the engine's statement), each line rounded half-up once.
 */
import { addDays, type CalendarDate } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { accrueInterest } from '@amicus/legal';
import { money } from '@amicus/money';

export const JUDGMENT_ALLOCATION = {
  rule: 'JDG-ALLOC',
  source: 'the judgment’s terms; by default costs → interest → principal (BE: art. 1254 old Civil Code; NL: art. 6:44 BW)',
} as const;

/** **Choice**: legal staff are reminded a week before a hearing or a deadline, unless they set another day. */
export const DEFAULT_REMINDER_DAYS = 7;

export type EntryKind = 'hearing' | 'deadline' | 'enforcement' | 'judicial_cost';

export interface EntryInput {
  kind: EntryKind;
  on: string;
  description: string;
  remindOn?: string | null;
  amountMinor?: bigint | null;
}

export interface Entry {
  kind: EntryKind;
  on: CalendarDate;
  description: string;
  remindOn: CalendarDate | null;
  amountMinor: bigint | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (d: string) =>
  DAY.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

/** A proceeding entry checked: each bad field named; hearings and deadlines get their reminder day. */
export function proceedingEntry(input: EntryInput): Entry {
  const problems: { field: string; reason: string }[] = [];
  if (!validDay(input.on)) problems.push({ field: 'on', reason: 'is not a date (YYYY-MM-DD)' });
  const description = input.description?.trim() ?? '';
  if (!description) problems.push({ field: 'description', reason: 'is required' });
  if (description.length > 2000) problems.push({ field: 'description', reason: 'is longer than 2000 characters' });
  if (input.remindOn && !validDay(input.remindOn)) problems.push({ field: 'remindOn', reason: 'is not a date (YYYY-MM-DD)' });
  if (input.kind === 'judicial_cost' && !(input.amountMinor && input.amountMinor > 0n))
    problems.push({ field: 'amountMinor', reason: 'a judicial cost needs an amount above 0' });
  if (input.kind !== 'judicial_cost' && input.amountMinor != null)
    problems.push({ field: 'amountMinor', reason: 'only a judicial cost has an amount' });
  if (problems.length) throw DomainError.invalid(problems);
  const reminded = input.kind === 'hearing' || input.kind === 'deadline';
  return {
    kind: input.kind,
    on: input.on,
    description,
    remindOn: reminded ? (input.remindOn ?? addDays(input.on, -DEFAULT_REMINDER_DAYS)) : null,
    amountMinor: input.kind === 'judicial_cost' ? input.amountMinor! : null,
  };
}

export interface JudgmentInput {
  judgedOn: string;
  court: string;
  reference?: string | null;
  principalMinor: bigint;
  costsMinor: bigint;
  interestRatePercent?: string | null;
  interestFrom?: string | null;
}

export interface Judgment {
  judgedOn: CalendarDate;
  court: string;
  reference: string | null;
  principalMinor: bigint;
  costsMinor: bigint;
  interestRatePercent: string | null;
  interestFrom: CalendarDate | null;
  currency: string;
}

/** A judgment checked: each bad field named. */
export function judgmentOf(input: JudgmentInput, currency: string): Judgment {
  const problems: { field: string; reason: string }[] = [];
  if (!validDay(input.judgedOn)) problems.push({ field: 'judgedOn', reason: 'is not a date (YYYY-MM-DD)' });
  if (!input.court?.trim()) problems.push({ field: 'court', reason: 'is required' });
  if (input.principalMinor < 0n) problems.push({ field: 'principalMinor', reason: 'must be 0 or more' });
  if (input.costsMinor < 0n) problems.push({ field: 'costsMinor', reason: 'must be 0 or more' });
  const rate = input.interestRatePercent?.trim() || null;
  if (rate !== null && !/^\d{1,3}(\.\d{1,6})?$/.test(rate))
    problems.push({ field: 'interestRatePercent', reason: 'is not a yearly rate in percent (e.g. 12.5)' });
  const from = input.interestFrom?.trim() || null;
  if (from !== null && !validDay(from)) problems.push({ field: 'interestFrom', reason: 'is not a date (YYYY-MM-DD)' });
  if ((rate === null) !== (from === null))
    problems.push({
      field: rate === null ? 'interestRatePercent' : 'interestFrom',
      reason: 'interest needs both a rate and the day it runs from',
    });
  if (problems.length) throw DomainError.invalid(problems);
  return {
    judgedOn: input.judgedOn,
    court: input.court.trim(),
    reference: input.reference?.trim() || null,
    principalMinor: input.principalMinor,
    costsMinor: input.costsMinor,
    interestRatePercent: rate,
    interestFrom: from,
    currency,
  };
}

export interface PaymentAfter {
  id: string;
  receivedOn: CalendarDate;
  amountMinor: bigint;
}

export interface AllocatedPayment {
  id: string;
  receivedOn: CalendarDate;
  amountMinor: bigint;
  costsMinor: bigint;
  interestMinor: bigint;
  principalMinor: bigint;
  /** Paid beyond all that was owed. */
  surplusMinor: bigint;
}

export interface JudgmentBalance {
  asOf: CalendarDate;
  currency: string;
  rule: string;
  source: string;
  /** Owed today under the judgment, after the payments. */
  costsMinor: bigint;
  interestMinor: bigint;
  principalMinor: bigint;
  totalMinor: bigint;
  /** The interest accrued, each period with its rate and days. */
  interestLines: { from: CalendarDate; through: CalendarDate; days: number; baseMinor: bigint; ratePercent: string; amountMinor: bigint }[];
  payments: AllocatedPayment[];
}

/**
 * What is owed under the judgment on `asOf` (that day not counted for interest): the judgment's
 * costs and the judicial costs recorded, interest on the principal awarded, less the payments
 * received on or after the judgment's day — each allocated costs → interest → principal.
 */
export function judgmentBalance(
  j: Judgment,
  judicialCosts: readonly { on: CalendarDate; amountMinor: bigint }[],
  payments: readonly PaymentAfter[],
  asOf: CalendarDate,
): JudgmentBalance {
  let costs = j.costsMinor;
  let interest = 0n;
  let principal = j.principalMinor;
  const lines: JudgmentBalance['interestLines'] = [];
  let accruedTo: CalendarDate | null = j.interestFrom;
  const accrueTo = (until: CalendarDate) => {
    if (!j.interestRatePercent || accruedTo === null || until <= accruedTo) return;
    const r = accrueInterest(
      'judgment',
      money(principal, j.currency),
      { kind: 'contract', ratePercent: j.interestRatePercent },
      accruedTo,
      until,
      JUDGMENT_ALLOCATION.rule,
      JUDGMENT_ALLOCATION.source,
    );
    for (const l of r.lines) {
      interest += l.amount.amountMinor;
      lines.push({
        from: l.from,
        through: l.through,
        days: l.days,
        baseMinor: principal,
        ratePercent: l.ratePercent,
        amountMinor: l.amount.amountMinor,
      });
    }
    accruedTo = until;
  };
  const costDays = [...judicialCosts].sort((a, b) => a.on.localeCompare(b.on));
  const after = [...payments].filter((p) => p.receivedOn >= j.judgedOn).sort((a, b) => a.receivedOn.localeCompare(b.receivedOn));
  const allocated: AllocatedPayment[] = [];
  let ci = 0;
  for (const p of after) {
    while (ci < costDays.length && costDays[ci]!.on <= p.receivedOn) costs += costDays[ci++]!.amountMinor;
    accrueTo(p.receivedOn);
    let left = p.amountMinor;
    const take = (owed: bigint) => {
      const t = left < owed ? left : owed;
      left -= t;
      return t;
    };
    const c = take(costs);
    const i = take(interest);
    const pr = take(principal);
    costs -= c;
    interest -= i;
    principal -= pr;
    allocated.push({
      id: p.id,
      receivedOn: p.receivedOn,
      amountMinor: p.amountMinor,
      costsMinor: c,
      interestMinor: i,
      principalMinor: pr,
      surplusMinor: left,
    });
  }
  while (ci < costDays.length && costDays[ci]!.on <= asOf) costs += costDays[ci++]!.amountMinor;
  accrueTo(asOf);
  return {
    asOf,
    currency: j.currency,
    ...JUDGMENT_ALLOCATION,
    costsMinor: costs,
    interestMinor: interest,
    principalMinor: principal,
    totalMinor: costs + interest + principal,
    interestLines: lines,
    payments: allocated,
  };
}

/** The entries legal staff are to be reminded of on `today`: not done, their reminder day reached. */
export function remindersDue<E extends { remindOn: CalendarDate | null; doneAt: Date | null }>(
  entries: readonly E[],
  today: CalendarDate,
): E[] {
  return entries.filter((e) => e.doneAt === null && e.remindOn !== null && e.remindOn <= today);
}
