/**
 * A dispute: the debtor's reason not to pay one or more claims of a case (domain.md, Dispute).
 * While it is not resolved, collection of those claims waits — the rest of the case goes on —
 * and the case may not go to legal staff. The client is asked to answer within its service level.
 *
 *   awaiting_client ──answer with an outcome──────────────┐
 *        │                                                 ▼
 *        └─answer without one──→ open ──resolve──→ resolved (upheld | rejected | partly_upheld)
 *   open (raised by the client itself: nothing to ask it) ─┘     (the agency resolves from either)
 *
 * Resolved is final. Upheld credits each disputed claim with what is open on it (no longer
 * collected); partly upheld credits the given amounts (the claims' amounts corrected); rejected
 * lets collection of the claims go on. Every command takes values and returns the new dispute, the
 * events to publish and the case-history entry; a command that breaks a rule throws a
 * `DomainError` and changes nothing.
 */
import type { CalendarDate } from '@amicus/calendar';
import { DomainError, type FieldProblem } from '@amicus/errors';
import type { Actor } from '../case-lifecycle/case-lifecycle';

export const DISPUTE_REASONS = [
  'not_received',
  'partial_delivery',
  'poor_quality',
  'billing_error',
  'already_paid',
  'not_my_debt',
  'wrong_amount',
  'contract_cancelled',
  'other',
] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];

/** How the dispute reached the agency. */
export const DISPUTE_CHANNELS = [
  'phone',
  'email',
  'registered_email',
  'letter',
  'sms',
  'whatsapp',
  'client_portal',
  'debtor_page',
  'in_person',
] as const;
export type DisputeChannel = (typeof DISPUTE_CHANNELS)[number];

/** Whose dispute it is: the debtor's (also when an agent records it from a call or a letter), an agent's own, or the client's. */
export const DISPUTE_RAISERS = ['debtor', 'agent', 'client'] as const;
export type DisputeRaiser = (typeof DISPUTE_RAISERS)[number];

export const DISPUTE_STATUSES = ['open', 'awaiting_client', 'resolved'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export const DISPUTE_OUTCOMES = ['upheld', 'rejected', 'partly_upheld'] as const;
export type DisputeOutcome = (typeof DISPUTE_OUTCOMES)[number];

/** The client's answer, when it has been given. */
export interface DisputeAnswer {
  text: string;
  proposedOutcome: DisputeOutcome | null;
  at: string;
  by: string;
  /** Given after the day it was due. */
  late: boolean;
}

export interface ClaimCredit {
  claimId: string;
  amountMinor: bigint;
}

export interface DisputeResolution {
  outcome: DisputeOutcome;
  credits: ClaimCredit[];
  /** What the debtor is told. */
  explanation: string;
  at: string;
  by: string;
}

export interface Dispute {
  id: string;
  caseId: string;
  clientId: string;
  brandId: string;
  claimIds: string[];
  reason: DisputeReason;
  text: string | null;
  raisedBy: DisputeRaiser;
  channel: DisputeChannel;
  status: DisputeStatus;
  raisedAt: string;
  /** `kind:id` of whoever recorded it. */
  recordedBy: string;
  /** The day by which the client is to answer. */
  answerDueOn: CalendarDate;
  answer: DisputeAnswer | null;
  resolution: DisputeResolution | null;
  /** When the client was reminded of its overdue answer, and when it went to the account manager (dispute-sweep.ts). */
  remindedAt?: string | null;
  escalatedAt?: string | null;
  version: number;
}

/** A claim of the case as a dispute needs it: whether it is still in the case, and what is open on it. */
export interface CaseClaimFacts {
  id: string;
  invoiceNumber: string;
  status: 'open' | 'recalled';
  /** Principal still to collect: principal less paid less credited. */
  openMinor: bigint;
}

/** What a dispute on a case needs to know of it. */
export interface DisputeCase {
  caseId: string;
  clientId: string;
  brandId: string;
  closed: boolean;
  claims: CaseClaimFacts[];
  /** The case's disputes not yet resolved. */
  unresolved: Pick<Dispute, 'id' | 'claimIds'>[];
}

export interface DisputeContext {
  actor: Actor;
  /** The clock's now. */
  at: Date;
  /** Today in the agency's calendar. */
  today: CalendarDate;
}

export type DisputeEvent =
  | { type: 'DisputeRaised'; dispute: Dispute; claims: CaseClaimFacts[] }
  | { type: 'DisputeAnswered'; dispute: Dispute }
  | { type: 'DisputeResolved'; dispute: Dispute };

export type DisputeAction = 'dispute_raise' | 'dispute_answer' | 'dispute_resolve';

/** The case-history entry of a dispute command (the audit trail's row). */
export interface DisputeAudit {
  caseId: string;
  actor: Actor;
  at: string;
  action: DisputeAction;
  reason: string;
  before: DisputeSnapshot | null;
  after: DisputeSnapshot;
}

export interface DisputeSnapshot {
  disputeId: string;
  status: DisputeStatus;
  claimIds: string[];
  reason: DisputeReason;
  answerDueOn: CalendarDate;
  outcome?: DisputeOutcome;
  credits?: { claimId: string; amountMinor: string }[];
}

export interface DisputeDecision {
  dispute: Dispute;
  events: DisputeEvent[];
  audit: DisputeAudit;
}

export const MAX_TEXT = 10_000;

// ---------------------------------------------------------------------------------------------
// Commands

export interface RaiseDispute {
  disputeId: string;
  claimIds: readonly string[];
  reason: string;
  text?: string | null;
  raisedBy: string;
  channel: string;
}

/**
 * Raises a dispute on claims of the case. Agents record the debtor's disputes and their own,
 * the client its own (on its own cases), the admin any; legal staff only read.
 * `answerDueOn` is the client's service level counted from today (the service counts it).
 */
export function raiseDispute(kase: DisputeCase, input: RaiseDispute, answerDueOn: CalendarDate, ctx: DisputeContext): DisputeDecision {
  const actor = ctx.actor;
  if (actor.kind === 'client' && actor.clientId !== kase.clientId) throw notFound(`case ${kase.caseId}`);
  if (actor.kind !== 'agent' && actor.kind !== 'admin' && actor.kind !== 'client' && actor.kind !== 'system')
    throw forbidden('raise a dispute');
  const problems: FieldProblem[] = [];
  const reason = oneOf(DISPUTE_REASONS, input.reason, 'reason', problems);
  const channel = oneOf(DISPUTE_CHANNELS, input.channel, 'channel', problems);
  const raisedBy = oneOf(DISPUTE_RAISERS, input.raisedBy, 'raisedBy', problems);
  if (raisedBy && actor.kind === 'client' && raisedBy !== 'client')
    problems.push({ field: 'raisedBy', reason: 'a client raises its own disputes (client)' });
  if (raisedBy === 'client' && (actor.kind === 'agent' || actor.kind === 'system'))
    problems.push({ field: 'raisedBy', reason: 'the client raises its own disputes' });
  const text = textOf(input.text, 'text', problems);
  if (reason === 'other' && !text) problems.push({ field: 'text', reason: 'say what the dispute is about (reason other)' });
  const claimIds = claimsOf(kase, input.claimIds, problems);
  if (problems.length) throw DomainError.invalid(problems);
  if (kase.closed) throw conflict(`case ${kase.caseId} is closed: nothing is collected on it to dispute`);
  for (const id of claimIds) {
    const other = kase.unresolved.find((d) => d.claimIds.includes(id));
    if (other) throw conflict(`claim ${invoiceOf(kase, id)} is already disputed (dispute ${other.id}, not resolved yet)`);
  }
  const at = ctx.at.toISOString();
  const dispute: Dispute = {
    id: input.disputeId,
    caseId: kase.caseId,
    clientId: kase.clientId,
    brandId: kase.brandId,
    claimIds,
    reason: reason!,
    text,
    raisedBy: raisedBy!,
    channel: channel!,
    // The client's own dispute needs no answer from it: the agency takes it from here.
    status: raisedBy === 'client' ? 'open' : 'awaiting_client',
    raisedAt: at,
    recordedBy: `${actor.kind}:${actor.id}`,
    answerDueOn,
    answer: null,
    resolution: null,
    version: 1,
  };
  const claims = claimIds.map((id) => kase.claims.find((c) => c.id === id)!);
  return {
    dispute,
    events: [{ type: 'DisputeRaised', dispute, claims }],
    audit: audit(
      dispute,
      null,
      ctx,
      'dispute_raise',
      `${raisedBy} disputes ${claims.map((c) => c.invoiceNumber).join(', ')}: ${reason}${text ? ` — ${text}` : ''}`,
    ),
  };
}

export interface AnswerDispute {
  answer: string;
  /** The outcome the client decides on; none: it answers (evidence, a question) and the agency decides. */
  outcome?: string | null;
  credits?: readonly { claimId: string; amountMinor: string }[] | null;
}

/**
 * The client answers a dispute on one of its cases. An answer with an outcome is the creditor's
 * decision and resolves the dispute; one without goes back to the agency (open) to resolve.
 */
export function answerDispute(dispute: Dispute, input: AnswerDispute, kase: DisputeCase, ctx: DisputeContext): DisputeDecision {
  const actor = ctx.actor;
  if (actor.kind === 'client' && actor.clientId !== dispute.clientId) throw notFound(`dispute ${dispute.id}`);
  // The client answers; the admin may record an answer the client gave by phone or e-mail.
  if (actor.kind !== 'client' && actor.kind !== 'admin') throw forbidden('answer a dispute (the client does)');
  const problems: FieldProblem[] = [];
  const text = textOf(input.answer, 'answer', problems);
  if (!text && !problems.some((p) => p.field === 'answer')) problems.push({ field: 'answer', reason: 'is required' });
  const outcome =
    input.outcome == null || input.outcome === '' ? null : (oneOf(DISPUTE_OUTCOMES, input.outcome, 'outcome', problems) ?? null);
  const credits = outcome ? creditsOf(dispute, kase, outcome, input.credits, problems) : noCredits(input.credits, problems);
  if (problems.length) throw DomainError.invalid(problems);
  guardUnresolved(dispute);
  const at = ctx.at.toISOString();
  const by = `${actor.kind}:${actor.id}`;
  const answer: DisputeAnswer = { text: text!, proposedOutcome: outcome, at, by, late: ctx.today > dispute.answerDueOn };
  const answered: Dispute = { ...dispute, answer, status: 'open', version: dispute.version + 1 };
  if (!outcome) {
    return {
      dispute: answered,
      events: [{ type: 'DisputeAnswered', dispute: answered }],
      audit: audit(answered, dispute, ctx, 'dispute_answer', `the client answered${answer.late ? ' (late)' : ''}: ${text}`),
    };
  }
  const resolved: Dispute = { ...answered, status: 'resolved', resolution: { outcome, credits, explanation: text!, at, by } };
  return {
    dispute: resolved,
    events: [
      { type: 'DisputeAnswered', dispute: answered },
      { type: 'DisputeResolved', dispute: resolved },
    ],
    audit: audit(
      resolved,
      dispute,
      ctx,
      'dispute_answer',
      `the client answered${answer.late ? ' (late)' : ''} and decided ${outcome}: ${text}`,
    ),
  };
}

export interface ResolveDispute {
  outcome: string;
  /** What the debtor is told; default: the client's answer. */
  explanation?: string | null;
  credits?: readonly { claimId: string; amountMinor: string }[] | null;
}

/** The agency resolves a dispute (with the client's answer, or on what it found: a payment, the debtor's withdrawal). */
export function resolveDispute(dispute: Dispute, input: ResolveDispute, kase: DisputeCase, ctx: DisputeContext): DisputeDecision {
  const actor = ctx.actor;
  if (actor.kind === 'client') {
    if (actor.clientId !== dispute.clientId) throw notFound(`dispute ${dispute.id}`);
    throw forbidden('resolve a dispute (the client answers it, with its outcome)');
  }
  if (actor.kind !== 'agent' && actor.kind !== 'admin') throw forbidden('resolve a dispute');
  const problems: FieldProblem[] = [];
  const outcome = oneOf(DISPUTE_OUTCOMES, input.outcome, 'outcome', problems);
  const given = textOf(input.explanation, 'explanation', problems);
  const explanation = given ?? dispute.answer?.text ?? null;
  if (!explanation && !problems.some((p) => p.field === 'explanation'))
    problems.push({ field: 'explanation', reason: 'say what the debtor is told (the client has not answered)' });
  const credits = outcome ? creditsOf(dispute, kase, outcome, input.credits, problems) : [];
  if (problems.length) throw DomainError.invalid(problems);
  guardUnresolved(dispute);
  const at = ctx.at.toISOString();
  const resolved: Dispute = {
    ...dispute,
    status: 'resolved',
    resolution: { outcome: outcome!, credits, explanation: explanation!, at, by: `${actor.kind}:${actor.id}` },
    version: dispute.version + 1,
  };
  return {
    dispute: resolved,
    events: [{ type: 'DisputeResolved', dispute: resolved }],
    audit: audit(resolved, dispute, ctx, 'dispute_resolve', `dispute ${outcome}: ${explanation}`),
  };
}

// ---------------------------------------------------------------------------------------------
// Reading

export function isUnresolved(d: Pick<Dispute, 'status'>): boolean {
  return d.status !== 'resolved';
}

/** Awaiting the client's answer after the day it was due. */
export function isOverdue(d: Pick<Dispute, 'status' | 'answerDueOn'>, today: CalendarDate): boolean {
  return d.status === 'awaiting_client' && d.answerDueOn < today;
}

/** The claims collection waits for: those an unresolved dispute concerns. */
export function disputedClaimIds(disputes: readonly Pick<Dispute, 'status' | 'claimIds'>[]): Set<string> {
  return new Set(disputes.filter(isUnresolved).flatMap((d) => d.claimIds));
}

/**
 * Collection of the case waits altogether: every claim with principal still to collect is under
 * an unresolved dispute (with nothing to collect, other rules say what the case does).
 */
export function everyClaimDisputed(claims: readonly { id: string; outstandingMinor: bigint }[], disputed: ReadonlySet<string>): boolean {
  const toCollect = claims.filter((c) => c.outstandingMinor > 0n);
  return toCollect.length > 0 && toCollect.every((c) => disputed.has(c.id));
}

export function snapshotOf(d: Dispute): DisputeSnapshot {
  return {
    disputeId: d.id,
    status: d.status,
    claimIds: [...d.claimIds],
    reason: d.reason,
    answerDueOn: d.answerDueOn,
    ...(d.resolution
      ? {
          outcome: d.resolution.outcome,
          credits: d.resolution.credits.map((c) => ({ claimId: c.claimId, amountMinor: c.amountMinor.toString() })),
        }
      : {}),
  };
}

// ---------------------------------------------------------------------------------------------

function audit(after: Dispute, before: Dispute | null, ctx: DisputeContext, action: DisputeAction, reason: string): DisputeAudit {
  return {
    caseId: after.caseId,
    actor: ctx.actor,
    at: ctx.at.toISOString(),
    action,
    reason,
    before: before ? snapshotOf(before) : null,
    after: snapshotOf(after),
  };
}

function guardUnresolved(d: Dispute): void {
  if (d.status === 'resolved') throw conflict(`dispute ${d.id} is resolved (${d.resolution?.outcome}) and cannot change`);
}

function claimsOf(kase: DisputeCase, ids: readonly string[] | undefined, problems: FieldProblem[]): string[] {
  if (!Array.isArray(ids) || ids.length === 0) {
    problems.push({ field: 'claimIds', reason: 'name at least one claim of the case' });
    return [];
  }
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    const claim = kase.claims.find((c) => c.id === id);
    if (seen.has(id)) problems.push({ field: `claimIds[${i}]`, reason: 'is listed twice' });
    else if (!claim) problems.push({ field: `claimIds[${i}]`, reason: `${id} is not a claim of this case` });
    else if (claim.status !== 'open')
      problems.push({ field: `claimIds[${i}]`, reason: `claim ${claim.invoiceNumber} was recalled by the client` });
    else if (claim.openMinor <= 0n) problems.push({ field: `claimIds[${i}]`, reason: `nothing is open on claim ${claim.invoiceNumber}` });
    seen.add(id);
  });
  return [...seen];
}

/**
 * The credits an outcome gives: upheld, each claim's open principal; partly upheld, the amounts
 * given (each on a claim of the dispute, more than zero, at most what is open on it); rejected, none.
 */
function creditsOf(
  dispute: Dispute,
  kase: DisputeCase,
  outcome: DisputeOutcome,
  given: AnswerDispute['credits'],
  problems: FieldProblem[],
): ClaimCredit[] {
  const open = (id: string) => kase.claims.find((c) => c.id === id && c.status === 'open')?.openMinor ?? 0n;
  if (outcome === 'rejected') return noCredits(given, problems);
  if (outcome === 'upheld') {
    if (given?.length) problems.push({ field: 'credits', reason: 'an upheld dispute credits what is open on each claim: give no amounts' });
    return dispute.claimIds.map((claimId) => ({ claimId, amountMinor: open(claimId) })).filter((c) => c.amountMinor > 0n);
  }
  if (!given?.length) {
    problems.push({ field: 'credits', reason: 'a partly upheld dispute credits an amount on at least one of its claims' });
    return [];
  }
  const seen = new Set<string>();
  const credits: ClaimCredit[] = [];
  given.forEach((c, i) => {
    const field = `credits[${i}]`;
    if (!dispute.claimIds.includes(c.claimId))
      return problems.push({ field: `${field}.claimId`, reason: 'is not a claim of this dispute' });
    if (seen.has(c.claimId)) return problems.push({ field: `${field}.claimId`, reason: 'is credited twice' });
    seen.add(c.claimId);
    if (typeof c.amountMinor !== 'string' || !/^\d{1,18}$/.test(c.amountMinor))
      return problems.push({ field: `${field}.amountMinor`, reason: 'is not a whole number of minor units (cents)' });
    const amount = BigInt(c.amountMinor);
    if (amount <= 0n) return problems.push({ field: `${field}.amountMinor`, reason: 'must be more than zero' });
    if (amount > open(c.claimId))
      return problems.push({ field: `${field}.amountMinor`, reason: `is more than the ${open(c.claimId)} open on the claim` });
    credits.push({ claimId: c.claimId, amountMinor: amount });
  });
  return credits;
}

function noCredits(given: AnswerDispute['credits'], problems: FieldProblem[]): ClaimCredit[] {
  if (given?.length) problems.push({ field: 'credits', reason: 'only a partly upheld dispute credits amounts' });
  return [];
}

function textOf(value: string | null | undefined, field: string, problems: FieldProblem[]): string | null {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length > MAX_TEXT) problems.push({ field, reason: `is longer than ${MAX_TEXT} characters` });
  return text || null;
}

function oneOf<T extends string>(values: readonly T[], value: unknown, field: string, problems: FieldProblem[]): T | undefined {
  if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
  problems.push({ field, reason: `${JSON.stringify(value ?? null)} is not one of ${values.join(', ')}` });
  return undefined;
}

const invoiceOf = (kase: DisputeCase, id: string) => kase.claims.find((c) => c.id === id)?.invoiceNumber ?? id;
const conflict = (message: string) => new DomainError('conflict', message);
const forbidden = (what: string) => new DomainError('forbidden', `not allowed to ${what}`);
const notFound = (what: string) => new DomainError('not_found', `${what} not found`);
