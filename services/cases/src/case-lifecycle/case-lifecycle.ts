/**
 * A case's life, as plain values: each command takes the case and returns its new state, the
 * domain events to publish and the audit entry to append (who, when, what, why, before and
 * after). Commands that break a rule throw a `DomainError` and change nothing.
 *
 *   placed → amicable → legal_review → legal → closed
 *                ↑            │
 *                └────────────┘  legal staff reject the escalation
 *   any open phase → closed (paid | settled | written_off | returned_to_client), with a reason
 *
 * Closed is final, with one exception: a case closed as paid whose payment is undone (a
 * chargeback, the bank returning the transfer) was never paid, and opens again in the phase it
 * closed from (`reopenPaidCase`). Otherwise a closed case has been reported to its client,
 * remitted and billed, and its audit trail is evidence for a court file; new claims of the same
 * debtor open a new case (placements extend open cases only), and money arriving after the
 * close is the payments side's business. Every other command on a closed case is a `conflict`.
 *
 * Who may do what (tenant and brand walls are the service's, before this is called):
 * - legal staff alone decide an escalation (legal_review → legal, or back to amicable);
 * - a client recalls (its own cases), which closes them returned_to_client, and instructs a hold
 *   of its own cases (up to CLIENT_HOLD_MAX_DAYS) or its release, or a write-off (writeOffCase);
 * - the system moves placed → amicable, asks for legal review, and closes a paid case.
 */
import type { Money } from '@amicus/money';
import { dayNumber, fromDayNumber, type CalendarDate } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import {
  canTransition,
  caseOutcomes,
  type Actor,
  type ActorKind,
  type CaseAction,
  type CaseClaim,
  type CaseClosure,
  type CaseDecision,
  type CaseEvent,
  type CaseOutcome,
  type CasePhase,
  type CaseSnapshot,
  type CaseState,
  type CommandContext,
  type OpenPhase,
} from './case-state';

export * from './case-state';

// ---------------------------------------------------------------------------------------------
// Commands

export function openCase(
  input: { caseId: string; clientId: string; brandId: string; debtorId: string; claimIds: string[] },
  ctx: CommandContext,
): CaseDecision {
  allow(ctx.actor, ['system', 'admin', 'client'], 'open a case');
  if (ctx.actor.kind === 'client' && ctx.actor.clientId !== input.clientId) throw forbidden('open a case for another client');
  if (input.claimIds.length === 0) throw invalid('claimIds', 'a case needs at least one claim');
  if (new Set(input.claimIds).size !== input.claimIds.length) throw invalid('claimIds', 'a claim is listed twice');
  const at = ctx.at.toISOString();
  const state: CaseState = {
    caseId: input.caseId,
    clientId: input.clientId,
    brandId: input.brandId,
    debtorId: input.debtorId,
    phase: 'placed',
    claims: input.claimIds.map((claimId) => ({ claimId, status: 'open' })),
    openedAt: at,
    version: 1,
  };
  const events: CaseEvent[] = [
    {
      type: 'CaseOpened',
      caseId: state.caseId,
      clientId: state.clientId,
      brandId: state.brandId,
      debtorId: state.debtorId,
      claimIds: [...input.claimIds],
      at,
    },
    ...input.claimIds.map((claimId): CaseEvent => ({ type: 'ClaimPlaced', caseId: state.caseId, claimId, at })),
  ];
  return { state, events, audit: { caseId: state.caseId, actor: ctx.actor, at, action: 'open', before: null, after: snapshot(state) } };
}

/** New claims of the same debtor, client and brand join its open case. */
export function placeClaims(state: CaseState, input: { claimIds: string[] }, ctx: CommandContext): CaseDecision {
  guardOpen(state, ctx);
  allow(ctx.actor, ['system', 'admin', 'client'], 'place claims');
  if (input.claimIds.length === 0) throw invalid('claimIds', 'no claims to place');
  const present = new Set(state.claims.map((c) => c.claimId));
  for (const claimId of input.claimIds) {
    if (present.has(claimId)) throw conflict(`claim ${claimId} is already in this case`);
    present.add(claimId);
  }
  const next = bump(state, { claims: [...state.claims, ...input.claimIds.map((claimId): CaseClaim => ({ claimId, status: 'open' }))] });
  const at = ctx.at.toISOString();
  return decide(
    state,
    next,
    ctx,
    'place_claims',
    undefined,
    input.claimIds.map((claimId) => ({ type: 'ClaimPlaced', caseId: state.caseId, claimId, at })),
  );
}

/**
 * Moves an open case along the graph (not to `closed`: that is `closeCase`). `openDisputes`: the
 * case's disputes not yet resolved — while one is, the case does not go to legal staff.
 */
export function changePhase(
  state: CaseState,
  input: { to: OpenPhase; reason?: string; openDisputes?: number },
  ctx: CommandContext,
): CaseDecision {
  guardOpen(state, ctx);
  const { to } = input;
  if ((to as CasePhase) === 'closed') throw invalid('to', 'close a case with closeCase, which records its outcome');
  if (!canTransition(state.phase, to)) throw conflict(`a case cannot go from ${state.phase} to ${to}`);
  if (state.phase === 'legal_review') {
    // The escalation is a human decision by legal staff (domain.md, "A case's life").
    allow(ctx.actor, ['legal_staff', 'admin'], 'decide a legal escalation');
    if (to === 'amicable') requireReason(input.reason);
  } else {
    allow(ctx.actor, ['agent', 'legal_staff', 'admin', 'system'], 'change the phase');
  }
  if (ctx.actor.kind === 'system' && isOnHold(state, ctx.today)) {
    throw conflict(`the case is on hold until ${state.hold?.until}`);
  }
  // domain.md, "A case's life": legal escalation needs no open dispute (the engine's rule for hand_to_legal).
  if ((to === 'legal_review' || to === 'legal') && (input.openDisputes ?? 0) > 0) {
    throw new DomainError(
      'legally_refused',
      `${input.openDisputes} dispute(s) open on case ${state.caseId}: no escalation to legal until resolved`,
      [],
      { rule: 'CASE-DISPUTE-OPEN' },
    );
  }
  const reason = input.reason?.trim() || undefined;
  const next = bump(state, { phase: to });
  return decide(state, next, ctx, 'change_phase', reason, [
    { type: 'CasePhaseChanged', caseId: state.caseId, from: state.phase, to, ...(reason ? { reason } : {}), at: ctx.at.toISOString() },
  ]);
}

export function closeCase(
  state: CaseState,
  input: { outcome: CaseOutcome; reason: string; balance?: Money },
  ctx: CommandContext,
): CaseDecision {
  guardOpen(state, ctx);
  allow(ctx.actor, ['agent', 'legal_staff', 'admin', 'system'], 'close a case');
  if (!caseOutcomes.includes(input.outcome)) throw invalid('outcome', `${String(input.outcome)} is not an outcome`);
  if (ctx.actor.kind === 'system' && input.outcome !== 'paid') throw forbidden('close a case other than as paid automatically');
  return close(state, input.outcome, requireReason(input.reason), input.balance, ctx, 'close', []);
}

/**
 * A case every open claim of which disputes credited to nothing: the creditor conceded what was
 * claimed, so nothing is left to collect. The system closes it as settled — the case ended by
 * the creditor's agreement, not by a payment (paid), a loss (written_off) or a recall
 * (returned_to_client) — with a zero balance.
 */
export function closeCreditedCase(state: CaseState, input: { reason: string; currency: string }, ctx: CommandContext): CaseDecision {
  guardOpen(state, ctx);
  allow(ctx.actor, ['system'], 'close a credited case');
  return close(state, 'settled', requireReason(input.reason), { amountMinor: 0n, currency: input.currency }, ctx, 'close', []);
}

/**
 * The client's instruction to write its own case off (instructions/; the admin may record one the
 * client gave by phone or mail): closed as written_off with its balance — the loss is the client's.
 */
export function writeOffCase(state: CaseState, input: { reason: string; balance: Money }, ctx: CommandContext): CaseDecision {
  guardOpen(state, ctx);
  allow(ctx.actor, ['client', 'admin'], 'instruct a write-off');
  if (ctx.actor.kind === 'client' && ctx.actor.clientId !== state.clientId) throw forbidden('write off another client’s case');
  return close(state, 'written_off', requireReason(input.reason), input.balance, ctx, 'write_off', []);
}

/**
 * A settlement paid (settlements/): the debtor paid the amount agreed for less than the balance,
 * so the system closes the case as settled; `balance` is what the settlement gave up.
 */
export function closeSettledCase(state: CaseState, input: { reason: string; balance: Money }, ctx: CommandContext): CaseDecision {
  guardOpen(state, ctx);
  allow(ctx.actor, ['system'], 'close a settled case');
  return close(state, 'settled', requireReason(input.reason), input.balance, ctx, 'close', []);
}

/** A case closed as paid whose payment was reversed is open again, in the phase it closed from (the system's doing). */
export function reopenPaidCase(state: CaseState, input: { to: OpenPhase; reason: string }, ctx: CommandContext): CaseDecision {
  allow(ctx.actor, ['system'], 'reopen a case');
  if (state.phase !== 'closed' || state.closure?.outcome !== 'paid')
    throw conflict(`case ${state.caseId} is not closed as paid: only an undone payment reopens a case`);
  const reason = requireReason(input.reason);
  const next = bump(state, { phase: input.to, closure: undefined });
  return decide(state, next, ctx, 'reopen', reason, [
    { type: 'CasePhaseChanged', caseId: state.caseId, from: 'closed', to: input.to, reason, at: ctx.at.toISOString() },
  ]);
}

export function assignCase(state: CaseState, input: { agentId: string }, ctx: CommandContext): CaseDecision {
  guardOpen(state, ctx);
  allow(ctx.actor, ['agent', 'admin', 'legal_staff', 'system'], 'assign a case');
  const agentId = input.agentId.trim();
  if (!agentId) throw invalid('agentId', 'is required');
  if (state.assignedAgentId === agentId) throw conflict(`the case is already assigned to ${agentId}`);
  const next = bump(state, { assignedAgentId: agentId });
  return decide(state, next, ctx, 'assign', undefined, [
    {
      type: 'CaseAssigned',
      caseId: state.caseId,
      agentId,
      ...(state.assignedAgentId ? { previousAgentId: state.assignedAgentId } : {}),
      at: ctx.at.toISOString(),
    },
  ]);
}

/** Puts collection on hold until a date (steps wait; the worklist shows it then). */
export function holdCase(state: CaseState, input: { until: CalendarDate; reason: string }, ctx: CommandContext): CaseDecision {
  guardOpen(state, ctx);
  allow(ctx.actor, HOLDERS, 'put a case on hold');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.until)) throw invalid('until', 'is not a date (yyyy-mm-dd)');
  if (input.until <= ctx.today) throw invalid('until', 'must be after today');
  const latest = fromDayNumber(dayNumber(ctx.today) + CLIENT_HOLD_MAX_DAYS);
  if (ctx.actor.kind === 'client' && input.until > latest)
    throw invalid('until', `a client's hold lasts at most ${CLIENT_HOLD_MAX_DAYS} days (until ${latest}); ask the agency for longer`);
  const reason = requireReason(input.reason);
  const next = bump(state, { hold: { until: input.until, reason } });
  return decide(state, next, ctx, 'hold', reason, [
    { type: 'CaseHeld', caseId: state.caseId, until: input.until, reason, at: ctx.at.toISOString() },
  ]);
}

export function releaseHold(state: CaseState, input: { reason: string }, ctx: CommandContext): CaseDecision {
  guardOpen(state, ctx);
  allow(ctx.actor, HOLDERS, 'release a hold');
  if (!state.hold) throw conflict('the case is not on hold');
  const reason = requireReason(input.reason);
  const next = bump(state, { hold: undefined });
  return decide(state, next, ctx, 'release_hold', reason, [
    { type: 'CaseHoldReleased', caseId: state.caseId, reason, at: ctx.at.toISOString() },
  ]);
}

export function noteCase(state: CaseState, input: { note: string }, ctx: CommandContext): CaseDecision {
  guardOpen(state, ctx);
  allow(ctx.actor, ['agent', 'legal_staff', 'admin'], 'add a note');
  const note = input.note.trim();
  if (!note) throw invalid('note', 'is empty');
  if (note.length > 10_000) throw invalid('note', 'is longer than 10000 characters');
  return decide(state, bump(state, {}), ctx, 'note', undefined, [
    { type: 'CaseNoted', caseId: state.caseId, note, at: ctx.at.toISOString() },
  ]);
}

/** The client takes the whole case back: closed as returned_to_client, with its balance now. */
export function recallCase(state: CaseState, input: { reason: string; balance: Money }, ctx: CommandContext): CaseDecision {
  guardOpen(state, ctx);
  guardRecaller(state, ctx);
  const reason = requireReason(input.reason);
  const at = ctx.at.toISOString();
  const recalled = state.claims
    .filter((c) => c.status === 'open')
    .map((c): CaseEvent => ({ type: 'ClaimRecalled', caseId: state.caseId, claimId: c.claimId, reason, at }));
  const withClaimsRecalled = { ...state, claims: state.claims.map((c): CaseClaim => ({ ...c, status: 'recalled' })) };
  return close(withClaimsRecalled, 'returned_to_client', reason, input.balance, ctx, 'recall_case', recalled, state);
}

/** The client takes one claim back; recalling the last open claim closes the case. */
export function recallClaim(
  state: CaseState,
  input: { claimId: string; reason: string; balance: Money },
  ctx: CommandContext,
): CaseDecision {
  guardOpen(state, ctx);
  guardRecaller(state, ctx);
  const reason = requireReason(input.reason);
  const claim = state.claims.find((c) => c.claimId === input.claimId);
  if (!claim) throw new DomainError('not_found', `claim ${input.claimId} is not in case ${state.caseId}`);
  if (claim.status === 'recalled') throw conflict(`claim ${input.claimId} is already recalled`);
  const at = ctx.at.toISOString();
  const event: CaseEvent = { type: 'ClaimRecalled', caseId: state.caseId, claimId: input.claimId, balance: input.balance, reason, at };
  const claims = state.claims.map((c): CaseClaim => (c.claimId === input.claimId ? { ...c, status: 'recalled' } : c));
  if (claims.some((c) => c.status === 'open')) {
    return decide(state, bump(state, { claims }), ctx, 'recall_claim', reason, [event]);
  }
  return close({ ...state, claims }, 'returned_to_client', reason, input.balance, ctx, 'recall_claim', [event], state);
}

// ---------------------------------------------------------------------------------------------
// Reading a case

export function isOpen(state: CaseState): boolean {
  return state.phase !== 'closed';
}

/** On hold today: a hold ends at the start of its `until` date. */
export function isOnHold(state: CaseState, today: CalendarDate): boolean {
  return state.hold !== undefined && today < state.hold.until;
}

export function snapshot(state: CaseState): CaseSnapshot {
  return {
    phase: state.phase,
    ...(state.assignedAgentId ? { assignedAgentId: state.assignedAgentId } : {}),
    ...(state.hold ? { hold: { ...state.hold } } : {}),
    ...(state.closure ? { closure: { ...state.closure } } : {}),
    openClaimIds: state.claims.filter((c) => c.status === 'open').map((c) => c.claimId),
  };
}

// ---------------------------------------------------------------------------------------------

function close(
  state: CaseState,
  outcome: CaseOutcome,
  reason: string,
  balance: Money | undefined,
  ctx: CommandContext,
  action: CaseAction,
  before: CaseEvent[],
  original: CaseState = state,
): CaseDecision {
  const at = ctx.at.toISOString();
  if (outcome === 'returned_to_client' && !balance) throw invalid('balance', 'a case returned to the client states its balance');
  const closure: CaseClosure = { outcome, reason, closedAt: at, ...(balance ? { balance } : {}) };
  const next = bump(state, { phase: 'closed', closure, hold: undefined });
  return decide(original, next, ctx, action, reason, [
    ...before,
    { type: 'CaseClosed', caseId: state.caseId, from: original.phase as OpenPhase, outcome, reason, ...(balance ? { balance } : {}), at },
  ]);
}

function decide(
  before: CaseState,
  after: CaseState,
  ctx: CommandContext,
  action: CaseAction,
  reason: string | undefined,
  events: CaseEvent[],
): CaseDecision {
  return {
    state: after,
    events,
    audit: {
      caseId: before.caseId,
      actor: ctx.actor,
      at: ctx.at.toISOString(),
      action,
      ...(reason ? { reason } : {}),
      before: snapshot(before),
      after: snapshot(after),
    },
  };
}

function bump(state: CaseState, changes: Partial<CaseState>): CaseState {
  const next: CaseState = { ...state, ...changes, version: state.version + 1 };
  for (const key of ['assignedAgentId', 'hold', 'closure'] as const) if (next[key] === undefined) delete next[key];
  return next;
}

function guardOpen(state: CaseState, ctx: CommandContext): void {
  if (ctx.actor.kind === 'client' && ctx.actor.clientId !== state.clientId)
    throw new DomainError('not_found', `case ${state.caseId} not found`);
  if (state.phase === 'closed') throw conflict(`case ${state.caseId} is closed (${state.closure?.outcome}) and cannot change`);
}

function guardRecaller(state: CaseState, ctx: CommandContext): void {
  // The client recalls; an admin may record a recall the client asked for by phone or mail.
  allow(ctx.actor, ['client', 'admin'], 'recall claims');
  if (ctx.actor.kind === 'client' && ctx.actor.clientId !== state.clientId) throw forbidden('recall another client’s claims');
}

/**
 * The longest hold a client instructs on its own: long enough to settle with the debtor itself,
 * short enough that a case is not parked and forgotten (the agency may hold longer).
 */
export const CLIENT_HOLD_MAX_DAYS = 90;

/** The agency's staff hold and release; so does the client on its own cases (guardOpen hides the others'): the creditor's instruction. */
const HOLDERS: readonly ActorKind[] = ['agent', 'legal_staff', 'admin', 'client'];

function allow(actor: Actor, kinds: readonly ActorKind[], what: string): void {
  if (!kinds.includes(actor.kind)) throw forbidden(what);
}

function requireReason(reason: string | undefined): string {
  const trimmed = reason?.trim();
  if (!trimmed) throw invalid('reason', 'is required');
  return trimmed;
}

const invalid = (field: string, reason: string) => DomainError.invalid([{ field, reason }]);
const conflict = (message: string) => new DomainError('conflict', message);
const forbidden = (what: string) => new DomainError('forbidden', `not allowed to ${what}`);
