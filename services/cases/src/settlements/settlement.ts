/**
 * A settlement, as plain values: the debtor offers to pay less than the balance (at once, or by
 * a payment plan at that amount) and the case is closed as settled once it is paid.
 *
 *   offered ─ within the client's terms ─→ accepted (by the agent, at once) ─ paid ─→ paid (case settled)
 *           └ above them ─→ awaiting_client ─ the client accepts ─→ accepted
 *                                           └ the client declines ─→ declined (the journey goes on)
 *   accepted, never paid ─→ lapsed (paid at once and past its pay-by day, or its plan broke):
 *   found so when the next offer is recorded, which it no longer blocks
 *
 * The client's terms are set upfront, per client (`SettlementTerms`): the largest discount an
 * agent may grant on its own, in basis points of the open balance, and optionally the least
 * amount it may settle for. Without terms an agent grants no discount: every offer goes to the
 * client. The check is exact integer arithmetic: `(balance − amount) × 10 000 ≤ balance × max`.
 *
 * A settled amount is never more than the balance — an offer of the balance or more is not a
 * settlement but a payment (or a plan).
 */
import { DomainError } from '@amicus/errors';
import { dayNumber, type CalendarDate } from '@amicus/calendar';
import type { Actor, CommandContext } from '../case-lifecycle/case-lifecycle';
import type { PlanProposalWire } from '../plans/payment-plan';

export const SETTLEMENT_STATUSES = ['awaiting_client', 'accepted', 'declined', 'paid', 'lapsed'] as const;
export type SettlementStatus = (typeof SETTLEMENT_STATUSES)[number];

export interface SettlementTerms {
  /** The largest discount an agent may grant, in basis points of the open balance (0–10 000). */
  maxDiscountBp: number;
  /** The least an agent may settle for (minor units), if the client set one. */
  minAmountMinor: bigint | null;
}

/** No terms set: an agent grants no discount, the client decides every offer. */
export const NO_DISCOUNT: SettlementTerms = { maxDiscountBp: 0, minAmountMinor: null };

export interface Settlement {
  id: string;
  caseId: string;
  clientId: string;
  brandId: string;
  currency: string;
  /** The case's open balance when the offer was made. */
  balanceMinor: bigint;
  amountMinor: bigint;
  discountBp: number;
  withinTerms: boolean;
  /** Paid by a payment plan at the settled amount (plans/), else at once by `payBy`. */
  byPlan: boolean;
  /** The plan the debtor offered (plans/ PlanProposalWire): proposed at the settled amount once accepted. */
  planProposal: PlanProposalWire | null;
  /** The day by which the settled amount is to be paid (at once), or null for a plan. */
  payBy: CalendarDate | null;
  note: string | null;
  status: SettlementStatus;
  offeredAt: string;
  offeredBy: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decisionReason: string | null;
  /** What the case had been paid when the settlement was accepted: the settlement counts payments from there. */
  paidBeforeMinor: bigint | null;
  planId: string | null;
  version: number;
}

/** The case as an offer reads it. */
export interface SettlementCase {
  caseId: string;
  clientId: string;
  brandId: string;
  phase: string;
  currency: string;
  openMinor: bigint;
  paidMinor: bigint;
  /** The case's settlement awaiting the client or accepted and not yet paid, if any. */
  pending: Settlement | null;
}

export interface OfferInput {
  settlementId: string;
  amountMinor: bigint;
  /** By instalments: the plan offered (checked by plans/ readProposal before this is called). */
  planProposal: PlanProposalWire | null;
  payBy: CalendarDate | null;
  note: string | null;
}

export type SettlementEvent =
  | { type: 'SettlementOffered'; settlement: Settlement }
  | { type: 'SettlementDecided'; settlement: Settlement; decidedBy: 'agency' | 'client' };

export interface SettlementDecision {
  settlement: Settlement;
  events: SettlementEvent[];
  /** The case history's entry: action, reason. */
  audit: { action: 'settlement_offered' | 'settlement_decided'; reason: string };
}

/** The longest an agent may give a debtor to pay a settlement at once. */
export const PAY_BY_MAX_DAYS = 60;

/** The discount an amount asks of a balance, in basis points, rounded up (so it never reads as less than it is). */
export function discountBp(balanceMinor: bigint, amountMinor: bigint): number {
  if (balanceMinor <= 0n) return 0;
  const off = balanceMinor - amountMinor;
  if (off <= 0n) return 0;
  return Number((off * 10_000n + balanceMinor - 1n) / balanceMinor);
}

/** Whether an agent may accept the amount on its own: within the discount and above the least amount the client allows. */
export function withinTerms(balanceMinor: bigint, amountMinor: bigint, terms: SettlementTerms): boolean {
  if ((balanceMinor - amountMinor) * 10_000n > balanceMinor * BigInt(terms.maxDiscountBp)) return false;
  return terms.minAmountMinor === null || amountMinor >= terms.minAmountMinor;
}

/** The terms as given, or what is wrong with them, field by field. */
export function readTerms(input: { maxDiscountBp: number; minAmountMinor: string | null }): SettlementTerms {
  const problems: { field: string; reason: string }[] = [];
  if (!Number.isInteger(input.maxDiscountBp) || input.maxDiscountBp < 0 || input.maxDiscountBp > 10_000)
    problems.push({ field: 'maxDiscountBp', reason: 'is a whole number of basis points from 0 to 10000' });
  if (input.minAmountMinor !== null && !/^(0|[1-9]\d{0,15})$/.test(input.minAmountMinor))
    problems.push({ field: 'minAmountMinor', reason: 'is an amount in minor units (0 or more)' });
  if (problems.length) throw DomainError.invalid(problems);
  return { maxDiscountBp: input.maxDiscountBp, minAmountMinor: input.minAmountMinor === null ? null : BigInt(input.minAmountMinor) };
}

/**
 * An offer recorded by the agency (an agent of the case's brand, the admin): accepted at once
 * within the client's terms, else it waits for the client.
 */
export function offerSettlement(kase: SettlementCase, input: OfferInput, terms: SettlementTerms, ctx: CommandContext): SettlementDecision {
  if (!['agent', 'admin'].includes(ctx.actor.kind))
    throw new DomainError('forbidden', 'the agency records a debtor’s settlement offer; the client decides those above its terms');
  if (kase.phase === 'closed') throw new DomainError('conflict', `case ${kase.caseId} is closed`);
  if (kase.pending)
    throw new DomainError(
      'conflict',
      `case ${kase.caseId} has a settlement ${kase.pending.status === 'awaiting_client' ? 'awaiting the client' : 'accepted and not yet paid'} (${kase.pending.id})`,
    );
  const problems: { field: string; reason: string }[] = [];
  if (kase.openMinor <= 0n) problems.push({ field: 'caseId', reason: 'the case has nothing open to settle' });
  else if (input.amountMinor <= 0n) problems.push({ field: 'amountMinor', reason: 'is more than zero' });
  else if (input.amountMinor >= kase.openMinor)
    problems.push({
      field: 'amountMinor',
      reason: `is less than the open balance (${kase.openMinor}): the balance itself is a payment, not a settlement`,
    });
  if (input.planProposal && input.payBy !== null)
    problems.push({ field: 'payBy', reason: 'is for a settlement paid at once, not by a plan' });
  if (!input.planProposal) {
    if (input.payBy === null) problems.push({ field: 'payBy', reason: 'is required for a settlement paid at once' });
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(input.payBy)) problems.push({ field: 'payBy', reason: 'is a date (YYYY-MM-DD)' });
    else if (input.payBy < ctx.today) problems.push({ field: 'payBy', reason: `is before today (${ctx.today})` });
    else if (dayNumber(input.payBy) - dayNumber(ctx.today) > PAY_BY_MAX_DAYS)
      problems.push({ field: 'payBy', reason: `is at most ${PAY_BY_MAX_DAYS} days from today` });
  }
  const note = input.note?.trim() || null;
  if (note && note.length > 2000) problems.push({ field: 'note', reason: 'is at most 2000 characters' });
  if (problems.length) throw DomainError.invalid(problems);

  const within = withinTerms(kase.openMinor, input.amountMinor, terms);
  const at = ctx.at.toISOString();
  const by = who(ctx.actor);
  const settlement: Settlement = {
    id: input.settlementId,
    caseId: kase.caseId,
    clientId: kase.clientId,
    brandId: kase.brandId,
    currency: kase.currency,
    balanceMinor: kase.openMinor,
    amountMinor: input.amountMinor,
    discountBp: discountBp(kase.openMinor, input.amountMinor),
    withinTerms: within,
    byPlan: input.planProposal !== null,
    planProposal: input.planProposal,
    payBy: input.planProposal ? null : input.payBy,
    note,
    status: within ? 'accepted' : 'awaiting_client',
    offeredAt: at,
    offeredBy: by,
    decidedAt: within ? at : null,
    decidedBy: within ? by : null,
    decisionReason: null,
    paidBeforeMinor: within ? kase.paidMinor : null,
    planId: null,
    version: 1,
  };
  const events: SettlementEvent[] = [{ type: 'SettlementOffered', settlement }];
  if (within) events.push({ type: 'SettlementDecided', settlement, decidedBy: 'agency' });
  const offer = `settlement offered: ${input.amountMinor} of ${kase.openMinor} ${kase.currency} (${settlement.discountBp} bp off)`;
  return {
    settlement,
    events,
    audit: {
      action: 'settlement_offered',
      reason: within ? `${offer}, accepted within the client's terms` : `${offer}, above the client's terms: it goes to the client`,
    },
  };
}

/** The client accepts or declines an offer above its terms (its own user; the admin records one given by phone or mail). */
export function decideSettlement(
  s: Settlement,
  kase: SettlementCase,
  input: { accept: boolean; reason: string | null },
  ctx: CommandContext,
): SettlementDecision {
  if (!['client', 'admin'].includes(ctx.actor.kind))
    throw new DomainError('forbidden', 'the client decides a settlement above its terms; the agency accepts only within them');
  if (ctx.actor.kind === 'client' && ctx.actor.clientId !== s.clientId) throw new DomainError('not_found', `settlement ${s.id} not found`);
  if (s.status !== 'awaiting_client') throw new DomainError('conflict', `settlement ${s.id} is ${s.status}, not awaiting the client`);
  if (kase.phase === 'closed') throw new DomainError('conflict', `case ${kase.caseId} is closed`);
  const reason = input.reason?.trim() || null;
  if (!input.accept && !reason) throw DomainError.invalid([{ field: 'reason', reason: 'is required to decline' }]);
  if (reason && reason.length > 2000) throw DomainError.invalid([{ field: 'reason', reason: 'is at most 2000 characters' }]);
  // Payments since the offer lowered the balance: an amount now at or above it is no settlement.
  if (input.accept && s.amountMinor >= kase.openMinor)
    throw new DomainError('conflict', `the case's open balance (${kase.openMinor}) is now at or below the offer: nothing to settle`);
  const at = ctx.at.toISOString();
  const settlement: Settlement = {
    ...s,
    status: input.accept ? 'accepted' : 'declined',
    decidedAt: at,
    decidedBy: who(ctx.actor),
    decisionReason: reason,
    paidBeforeMinor: input.accept ? kase.paidMinor : null,
    version: s.version + 1,
  };
  return {
    settlement,
    events: [{ type: 'SettlementDecided', settlement, decidedBy: 'client' }],
    audit: {
      action: 'settlement_decided',
      reason: input.accept
        ? `the client accepted the settlement of ${s.amountMinor} ${s.currency}`
        : `the client declined the settlement of ${s.amountMinor} ${s.currency}: ${reason}`,
    },
  };
}

/**
 * An accepted settlement that will not be paid as agreed: paid at once and its pay-by day is past,
 * or its plan broke (`planBroken`). It lapses (nothing else changes: the journey went on once its
 * pause ended) and no longer stands in the way of a new offer.
 */
export function lapsed(s: Settlement, today: CalendarDate, planBroken: boolean): Settlement | null {
  if (s.status !== 'accepted') return null;
  const overdue = s.byPlan ? planBroken : s.payBy !== null && today > s.payBy;
  return overdue ? { ...s, status: 'lapsed', version: s.version + 1 } : null;
}

/** What the case has paid towards an accepted settlement. */
export function paidTowards(s: Settlement, casePaidMinor: bigint): bigint {
  if (s.status !== 'accepted' || s.paidBeforeMinor === null) return 0n;
  const paid = casePaidMinor - s.paidBeforeMinor;
  return paid > 0n ? paid : 0n;
}

/** An accepted settlement is paid once the payments since its acceptance reach the settled amount. */
export function isPaid(s: Settlement, casePaidMinor: bigint): boolean {
  return s.status === 'accepted' && paidTowards(s, casePaidMinor) >= s.amountMinor;
}

export function isPending(s: Settlement): boolean {
  return s.status === 'awaiting_client' || s.status === 'accepted';
}

const who = (a: Actor) => `${a.kind}:${a.id}`;
