/**
 * A case's escalation to legal staff, as plain values: may it go (each condition with its rule
 * and source, and from when an unmet one would be met), and the proposal's life —
 *
 *   proposed (amicable → legal_review) ─ awaiting_client ─ approved ─→ awaiting_legal ─ accepted (→ legal)
 *                                                   └ declined (the client)       └─ returned (→ amicable)
 *
 * The legal engine's answer for `hand_to_legal` (the formal notice sent, its term run out, no
 * open dispute) is the core; this adds what the engine does not know: the case file's open
 * disputes, the client's threshold and approval, legal stops. Legal staff alone decide; a
 * client's decline keeps the case from `legal` until legal staff send it back.
 */
import type { CalendarDate } from '@amicus/calendar';
import { localDate } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { courtRoute } from '@amicus/legal';
import { formatMoney } from '@amicus/money';
import { DEFAULT_RECOVERY_RATE_BP, MIN_CLOSED_FOR_HISTORY, NO_COSTS, ROUTE_COSTS } from './escalation-costs';

/** One check of the engine's `hand_to_legal` assessment. */
export interface EngineCheck {
  allowed: boolean;
  rule: string;
  source: string;
  reason: string;
  earliestAt: string | null;
}

export type ApprovalStatus = 'not_required' | 'not_asked' | 'awaiting' | 'approved' | 'declined';

export interface EligibilityFacts {
  /** The debtor's zone: an engine instant becomes the calendar date it is met from. */
  timeZone: string;
  /** The engine's checks for `hand_to_legal` on the case today. */
  engine: readonly EngineCheck[];
  /** Disputes on the case file not yet resolved. */
  openDisputes: number;
  /** The engine's total due today, and the client's threshold, in the case's currency. */
  openMinor: bigint;
  thresholdMinor: bigint;
  currency: string;
  /** Legal stops on the debtor (collective debt settlement, Wsnp, …): the people-and-data issue (#17) adds them. */
  legalStops: readonly { kind: string; since: CalendarDate; source: string }[];
  approval: { status: ApprovalStatus; reason?: string | null };
}

export const conditionKeys = ['formal_notice', 'no_open_dispute', 'amount_threshold', 'no_legal_stop', 'client_approval'] as const;
export type ConditionKey = (typeof conditionKeys)[number];

export interface Condition {
  key: ConditionKey;
  met: boolean;
  rule: string;
  source: string;
  detail: string;
  /** When unmet and only time is missing: the day it will be met. */
  metFrom: CalendarDate | null;
}

export interface Eligibility {
  eligible: boolean;
  conditions: Condition[];
  /** When every unmet condition has a date: the day the case becomes eligible. */
  eligibleFrom: CalendarDate | null;
}

export const RULES = {
  dispute: 'CASE-DISPUTE-OPEN',
  threshold: 'ESC-THRESHOLD',
  legalStop: 'ESC-LEGAL-STOP',
  approval: 'ESC-CLIENT-APPROVAL',
} as const;
const DOMAIN = 'Amicus domain rules (domain.md)';
const AGREEMENT = "the client's agreement (escalation settings)";

/** The default threshold: below €250.00 open a court case rarely pays for itself (a **Choice**, per client). */
export const DEFAULT_THRESHOLD_MINOR = 25_000n;

export function eligibility(f: EligibilityFacts): Eligibility {
  const conditions = [noticeCondition(f), disputeCondition(f), thresholdCondition(f), legalStopCondition(f), approvalCondition(f)];
  const unmet = conditions.filter((c) => !c.met);
  const dates = unmet.map((c) => c.metFrom);
  return {
    eligible: unmet.length === 0,
    conditions,
    eligibleFrom: unmet.length > 0 && dates.every((d) => d !== null) ? (dates as string[]).sort().at(-1)! : null,
  };
}

/** The engine's checks but its dispute check (the dispute condition's): the notice, its term, the debtor in default. */
function noticeCondition(f: EligibilityFacts): Condition {
  const checks = f.engine.filter((c) => c.rule !== RULES.dispute);
  const refused = checks.filter((c) => !c.allowed);
  if (checks.length === 0)
    return {
      key: 'formal_notice',
      met: false,
      rule: 'LEGAL-ENGINE',
      source: '@amicus/legal',
      detail: 'the legal engine gave no answer',
      metFrom: null,
    };
  if (refused.length === 0) {
    const last = checks.at(-1)!;
    return {
      key: 'formal_notice',
      met: true,
      rule: last.rule,
      source: last.source,
      detail: checks.map((c) => c.reason).join('; '),
      metFrom: null,
    };
  }
  // From when: the latest of the refusals' instants, when every refusal has one.
  const instants = refused.map((c) => c.earliestAt);
  const metFrom = instants.every((i) => i !== null)
    ? (instants as string[])
        .map((i) => localDate(i, f.timeZone))
        .sort()
        .at(-1)!
    : null;
  const head = refused[0]!;
  return {
    key: 'formal_notice',
    met: false,
    rule: head.rule,
    source: head.source,
    detail: refused.map((c) => `${c.rule}: ${c.reason}`).join('; '),
    metFrom,
  };
}

function disputeCondition(f: EligibilityFacts): Condition {
  const engine = f.engine.find((c) => c.rule === RULES.dispute);
  const open = f.openDisputes > 0 || (engine !== undefined && !engine.allowed);
  return {
    key: 'no_open_dispute',
    met: !open,
    rule: RULES.dispute,
    source: engine?.source ?? DOMAIN,
    detail: open
      ? `${Math.max(f.openDisputes, 1)} dispute(s) open on the case: no escalation to legal until resolved`
      : 'no dispute is open on the case',
    metFrom: null,
  };
}

function thresholdCondition(f: EligibilityFacts): Condition {
  const met = f.openMinor > f.thresholdMinor;
  return {
    key: 'amount_threshold',
    met,
    rule: RULES.threshold,
    source: AGREEMENT,
    detail: `${money(f.openMinor, f.currency)} open, ${met ? 'above' : 'not above'} the client's threshold of ${money(f.thresholdMinor, f.currency)}`,
    metFrom: null,
  };
}

function legalStopCondition(f: EligibilityFacts): Condition {
  const stop = f.legalStops[0];
  return {
    key: 'no_legal_stop',
    met: !stop,
    rule: RULES.legalStop,
    source: stop?.source ?? 'shared/design/legal-rules.md, "Legal stops and care"',
    detail: stop ? `${stop.kind} since ${stop.since}: enforcement is suspended` : 'no legal stop is recorded on the debtor',
    metFrom: null,
  };
}

function approvalCondition(f: EligibilityFacts): Condition {
  const { status, reason } = f.approval;
  const detail: Record<ApprovalStatus, string> = {
    not_required: "not required by the client's settings",
    not_asked: 'the client approves an escalation; none was proposed to it yet',
    awaiting: "the client's approval is awaited",
    approved: 'the client approved',
    declined: `the client declined${reason ? `: ${reason}` : ''}`,
  };
  return {
    key: 'client_approval',
    met: status === 'not_required' || status === 'approved',
    rule: RULES.approval,
    source: AGREEMENT,
    detail: detail[status],
    metFrom: null,
  };
}

/** The first unmet condition among `keys`, refused with its rule (what a command says when it may not go on). */
export function requireConditions(e: Eligibility, keys: readonly ConditionKey[]): void {
  // A dispute or a legal stop first: it is why the engine's contact rules refuse too (BE-A-4), and no date ends it.
  const first = (c: Condition) => (c.key === 'no_open_dispute' || c.key === 'no_legal_stop' ? 0 : 1);
  const unmet = e.conditions.filter((c) => !c.met && keys.includes(c.key)).sort((a, b) => first(a) - first(b))[0];
  if (unmet)
    throw new DomainError('legally_refused', `${unmet.rule}: ${unmet.detail}${unmet.metFrom ? ` (met from ${unmet.metFrom})` : ''}`, [], {
      rule: unmet.rule,
    });
}

/** What a proposal needs: every condition but the client's approval, which follows it. */
export const PROPOSAL_CONDITIONS: readonly ConditionKey[] = conditionKeys.filter((k) => k !== 'client_approval');

// ---------------------------------------------------------------------------------------------
// The proposal's life

export type EscalationStatus = 'awaiting_client' | 'awaiting_legal' | 'accepted' | 'declined' | 'returned';
export const PENDING: readonly EscalationStatus[] = ['awaiting_client', 'awaiting_legal'];

export interface EscalationEstimate {
  route: string;
  routeSource: string;
  costSource: string;
  currency: string;
  courtCostsMinor: bigint;
  bailiffCostsMinor: bigint;
  openMinor: bigint;
  recoveryRateBp: number;
  recoveryRateBasis: 'client_history' | 'agency_default';
  expectedRecoveryMinor: bigint;
  /** Expected recovery less the costs advanced: negative, the route costs more than it brings. */
  netMinor: bigint;
}

/**
 * Court and bailiff costs for the route against what the case may bring: the open amount times
 * the client's recovery rate (its cases closed paid or settled over all it closed, when it has
 * MIN_CLOSED_FOR_HISTORY), else the agency's default rate.
 */
export function estimateEscalation(input: {
  country: string;
  debtorKind: string;
  openMinor: bigint;
  currency: string;
  history: { closed: number; recovered: number };
}): EscalationEstimate {
  // The route of libs/legal for the open amount (standing for the principal the limits measure:
  // **Choice**, the dossier measures the principal itself); a proposal is made only without an
  // open dispute or a legal stop, so the debt counts as uncontested.
  const { route: r } = courtRoute({
    country: input.country,
    debtorKind: input.debtorKind,
    principalMinor: input.openMinor < 0n ? 0n : input.openMinor,
    contested: false,
    legalStop: false,
  });
  const route = r
    ? { route: `${r.id}: ${r.name}`, routeSource: r.source, ...(ROUTE_COSTS[r.id] ?? NO_COSTS) }
    : { route: `${input.country}: no court route known`, routeSource: 'none (libs/legal COURT_ROUTES)', ...NO_COSTS };
  const known = input.history.closed >= MIN_CLOSED_FOR_HISTORY;
  const bp = known ? Math.round((input.history.recovered * 10_000) / input.history.closed) : DEFAULT_RECOVERY_RATE_BP;
  const expected = (input.openMinor * BigInt(bp)) / 10_000n;
  return {
    ...route,
    currency: input.currency,
    openMinor: input.openMinor,
    recoveryRateBp: bp,
    recoveryRateBasis: known ? 'client_history' : 'agency_default',
    expectedRecoveryMinor: expected,
    netMinor: expected - route.courtCostsMinor - route.bailiffCostsMinor,
  };
}

/** The approval status a new proposal starts in. */
export function firstStatus(approvalRequired: boolean): EscalationStatus {
  return approvalRequired ? 'awaiting_client' : 'awaiting_legal';
}

/** The client's answer to a proposal awaiting it. */
export function answerProposal(status: EscalationStatus | null, approve: boolean): EscalationStatus {
  if (status === null) throw new DomainError('conflict', 'no escalation is proposed on this case');
  if (status !== 'awaiting_client')
    throw new DomainError('conflict', `the escalation is ${status.replace('_', ' ')}: the client's answer is not awaited`);
  return approve ? 'awaiting_legal' : 'declined';
}

/** The approval condition as the proposal on file stands. */
export function approvalOf(
  required: boolean,
  proposal: { status: EscalationStatus; approvedAt: string | null; reason?: string | null } | null,
) {
  if (!required) return { status: 'not_required' as const };
  if (!proposal) return { status: 'not_asked' as const };
  if (proposal.status === 'awaiting_client') return { status: 'awaiting' as const };
  if (proposal.status === 'declined') return { status: 'declined' as const, reason: proposal.reason ?? null };
  return { status: proposal.approvedAt ? ('approved' as const) : ('not_asked' as const) };
}

const money = (amountMinor: bigint, currency: string) => formatMoney({ amountMinor, currency });
