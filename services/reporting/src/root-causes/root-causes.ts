/**
 * The client's root causes (issue 13 §4), pure: why its debtors do not pay, from cases' dispute
 * and complaint events. Each dispute and each complaint is one record, which its events fill in
 * field by field — each field comes from one kind of event (an answer given twice keeps the
 * first) — so the record is the same whatever order its events arrive in and however often one
 * is delivered again. The view counts the records of a period: disputes by reason and by brand
 * (the placements carry no branch or product; the brand a case was placed under is what exists),
 * the client's time to answer (median, share within its service level) and how disputes ended;
 * complaints by category and status.
 */
import { dayNumber, type CalendarDate } from '@amicus/calendar';
import type { ComplaintLoggedV1, DisputeRaisedV1, DisputeResolvedV1 } from '@amicus/events';

export type DisputeReason = DisputeRaisedV1['reason'];
export type DisputeOutcome = DisputeResolvedV1['outcome'];
export type ComplaintCategory = ComplaintLoggedV1['category'];

/** The reasons in the order the view lists them (DisputeRaised@1's). */
export const DISPUTE_REASONS: readonly DisputeReason[] = [
  'not_received',
  'partial_delivery',
  'poor_quality',
  'billing_error',
  'already_paid',
  'not_my_debt',
  'wrong_amount',
  'contract_cancelled',
  'other',
];
export const COMPLAINT_CATEGORIES: readonly ComplaintCategory[] = ['tone', 'contact_frequency', 'wrong_person', 'privacy', 'other'];

/** What reporting keeps of one dispute; null until the event that tells it has arrived. */
export interface DisputeRecord {
  disputeId: string;
  caseId: string;
  clientId: string;
  brandId: string | null;
  reason: DisputeReason | null;
  /** The agency's calendar day it was raised. */
  raisedOn: CalendarDate | null;
  /** The day the client was to answer by (its service level). */
  answerDueOn: CalendarDate | null;
  /** The agency's day of the client's (first) answer. */
  answeredOn: CalendarDate | null;
  /** That answer came after its due day (DisputeAnswered.late). */
  answeredLate: boolean | null;
  outcome: DisputeOutcome | null;
  resolvedOn: CalendarDate | null;
}

/** One dispute event as far as root causes care; its day is the agency's calendar day of the event. */
export type DisputeFact =
  | {
      kind: 'raised';
      disputeId: string;
      caseId: string;
      clientId: string;
      brandId: string;
      reason: DisputeReason;
      on: CalendarDate;
      answerDueOn: CalendarDate;
    }
  | { kind: 'answered'; disputeId: string; caseId: string; clientId: string; on: CalendarDate; late: boolean }
  | { kind: 'resolved'; disputeId: string; caseId: string; clientId: string; brandId: string; outcome: DisputeOutcome; on: CalendarDate };

export function emptyDispute(f: Pick<DisputeFact, 'disputeId' | 'caseId' | 'clientId'>): DisputeRecord {
  return {
    disputeId: f.disputeId,
    caseId: f.caseId,
    clientId: f.clientId,
    brandId: null,
    reason: null,
    raisedOn: null,
    answerDueOn: null,
    answeredOn: null,
    answeredLate: null,
    outcome: null,
    resolvedOn: null,
  };
}

/** The record after one of its events: order-free and idempotent (each field from one kind of event; of two answers, the first). */
export function applyDisputeFact(r: DisputeRecord | undefined, f: DisputeFact): DisputeRecord {
  const base = r ?? emptyDispute(f);
  switch (f.kind) {
    case 'raised':
      return { ...base, brandId: f.brandId, reason: f.reason, raisedOn: f.on, answerDueOn: f.answerDueOn };
    case 'answered': {
      const first =
        base.answeredOn === null ||
        f.on < base.answeredOn ||
        // The same day twice: the on-time one counts, whatever order they came in.
        (f.on === base.answeredOn && !f.late);
      return first ? { ...base, answeredOn: f.on, answeredLate: f.late } : base;
    }
    case 'resolved':
      return { ...base, brandId: base.brandId ?? f.brandId, outcome: f.outcome, resolvedOn: f.on };
  }
}

/** What reporting keeps of one complaint. */
export interface ComplaintRecord {
  complaintId: string;
  caseId: string;
  clientId: string;
  brandId: string;
  category: ComplaintCategory;
  loggedOn: CalendarDate | null;
  closedOn: CalendarDate | null;
  upheld: boolean | null;
  answeredInTime: boolean | null;
}

export type ComplaintFact =
  | {
      kind: 'logged';
      complaintId: string;
      caseId: string;
      clientId: string;
      brandId: string;
      category: ComplaintCategory;
      on: CalendarDate;
    }
  | {
      kind: 'closed';
      complaintId: string;
      caseId: string;
      clientId: string;
      brandId: string;
      category: ComplaintCategory;
      on: CalendarDate;
      upheld: boolean;
      answeredInTime: boolean;
    };

export function applyComplaintFact(r: ComplaintRecord | undefined, f: ComplaintFact): ComplaintRecord {
  const base: ComplaintRecord = r ?? {
    complaintId: f.complaintId,
    caseId: f.caseId,
    clientId: f.clientId,
    brandId: f.brandId,
    category: f.category,
    loggedOn: null,
    closedOn: null,
    upheld: null,
    answeredInTime: null,
  };
  switch (f.kind) {
    case 'logged':
      return { ...base, loggedOn: f.on };
    case 'closed':
      return { ...base, closedOn: f.on, upheld: f.upheld, answeredInTime: f.answeredInTime };
  }
}

/** The days a view counts: those from `from` to `to`, both included; null leaves that side open. */
export interface Period {
  from: CalendarDate | null;
  to: CalendarDate | null;
}

export function inPeriod(day: CalendarDate | null, p: Period): boolean {
  return day !== null && (p.from === null || day >= p.from) && (p.to === null || day <= p.to);
}

export interface OutcomeCounts {
  resolved: number;
  upheld: number;
  rejected: number;
  partlyUpheld: number;
}

export interface DisputeGroup extends OutcomeCounts {
  raised: number;
  /** Not resolved yet. */
  open: number;
}

export interface RootCauseView {
  /** Disputes raised in the period. */
  disputes: DisputeGroup;
  byReason: ({ reason: DisputeReason } & DisputeGroup)[];
  /** By the brand the case was placed under (the placements carry no branch or product). */
  byBrand: ({ brandId: string | null } & DisputeGroup)[];
  /** Of the disputes raised in the period, those the client answered. */
  answers: {
    answered: number;
    withinSla: number;
    /** Answered within its service level over answered, in basis points; 0 when none was answered. */
    withinSlaBp: number;
    /** Calendar days from raising to the client's answer, the median; null when none was answered. */
    medianDaysToAnswer: number | null;
  };
  /** Each outcome over the resolved, in basis points (0 when none was resolved). */
  shares: { upheldBp: number; rejectedBp: number; partlyUpheldBp: number };
  /** Complaints logged in the period, by category (every category listed). */
  complaints: { category: ComplaintCategory; logged: number; open: number; closed: number; upheld: number; answeredInTime: number }[];
}

const OUTCOME_FIELD: Record<DisputeOutcome, 'upheld' | 'rejected' | 'partlyUpheld'> = {
  upheld: 'upheld',
  rejected: 'rejected',
  partly_upheld: 'partlyUpheld',
};

function emptyGroup(): DisputeGroup {
  return { raised: 0, open: 0, resolved: 0, upheld: 0, rejected: 0, partlyUpheld: 0 };
}

function count(g: DisputeGroup, r: DisputeRecord): DisputeGroup {
  const next = { ...g, raised: g.raised + 1 };
  if (r.outcome === null) return { ...next, open: next.open + 1 };
  const field = OUTCOME_FIELD[r.outcome];
  return { ...next, resolved: next.resolved + 1, [field]: next[field] + 1 };
}

export function shareBp(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.floor((part * 10000) / whole);
}

/** The median of whole numbers (the mean of the middle two for an even count); null for none. */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The view of the records given (the caller's, of one client): a dispute counts in the period it
 * was raised in (one whose raising has not arrived yet is not counted), a complaint in the
 * period it was logged in.
 */
export function rootCauseView(disputes: readonly DisputeRecord[], complaints: readonly ComplaintRecord[], period: Period): RootCauseView {
  const counted = disputes.filter((d) => d.reason !== null && inPeriod(d.raisedOn, period));
  let total = emptyGroup();
  const byReason = new Map<DisputeReason, DisputeGroup>();
  const byBrand = new Map<string | null, DisputeGroup>();
  const days: number[] = [];
  let withinSla = 0;
  for (const d of counted) {
    total = count(total, d);
    byReason.set(d.reason!, count(byReason.get(d.reason!) ?? emptyGroup(), d));
    byBrand.set(d.brandId, count(byBrand.get(d.brandId) ?? emptyGroup(), d));
    if (d.answeredOn !== null) {
      days.push(Math.max(0, dayNumber(d.answeredOn) - dayNumber(d.raisedOn!)));
      if (!d.answeredLate) withinSla++;
    }
  }
  const byCategory = new Map(
    COMPLAINT_CATEGORIES.map((c) => [c, { category: c, logged: 0, open: 0, closed: 0, upheld: 0, answeredInTime: 0 }]),
  );
  for (const c of complaints) {
    if (!inPeriod(c.loggedOn, period)) continue;
    const g = byCategory.get(c.category)!;
    const closed = c.closedOn !== null;
    byCategory.set(c.category, {
      category: c.category,
      logged: g.logged + 1,
      open: g.open + (closed ? 0 : 1),
      closed: g.closed + (closed ? 1 : 0),
      upheld: g.upheld + (closed && c.upheld ? 1 : 0),
      answeredInTime: g.answeredInTime + (closed && c.answeredInTime ? 1 : 0),
    });
  }
  return {
    disputes: total,
    byReason: DISPUTE_REASONS.filter((r) => byReason.has(r)).map((reason) => ({ reason, ...byReason.get(reason)! })),
    byBrand: [...byBrand.entries()]
      .sort(([a], [b]) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1))
      .map(([brandId, g]) => ({ brandId, ...g })),
    answers: { answered: days.length, withinSla, withinSlaBp: shareBp(withinSla, days.length), medianDaysToAnswer: median(days) },
    shares: {
      upheldBp: shareBp(total.upheld, total.resolved),
      rejectedBp: shareBp(total.rejected, total.resolved),
      partlyUpheldBp: shareBp(total.partlyUpheld, total.resolved),
    },
    complaints: [...byCategory.values()],
  };
}
