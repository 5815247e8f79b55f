import fc from 'fast-check';
import {
  allowedTransitions,
  assignCase,
  canTransition,
  casePhases,
  changePhase,
  closeCase,
  holdCase,
  isOnHold,
  noteCase,
  openCase,
  placeClaims,
  recallCase,
  recallClaim,
  releaseHold,
  type Actor,
  type CaseDecision,
  type CaseState,
  type CommandContext,
  type OpenPhase,
} from './case-lifecycle';
import { DomainError } from '@amicus/errors';

const at = new Date('2024-06-03T09:30:00Z');
const as = (actor: Actor, today = '2024-06-03'): CommandContext => ({ actor, at, today });
const system = as({ kind: 'system', id: 'scheduler' });
const agent = as({ kind: 'agent', id: 'agent-7' });
const lawyer = as({ kind: 'legal_staff', id: 'legal-1' });
const client = as({ kind: 'client', id: 'user-3', clientId: 'client-1' });
const otherClient = as({ kind: 'client', id: 'user-9', clientId: 'client-2' });
const eur = (amountMinor: bigint) => ({ amountMinor, currency: 'EUR' });

const opened = () =>
  openCase({ caseId: 'case-1', clientId: 'client-1', brandId: 'brand-1', debtorId: 'debtor-1', claimIds: ['claim-1', 'claim-2'] }, system)
    .state;

const errorCode = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'no error';
};

describe('opening a case', () => {
  it('starts placed, with CaseOpened, a ClaimPlaced per claim and an audit entry', () => {
    const decision = openCase(
      { caseId: 'case-1', clientId: 'client-1', brandId: 'brand-1', debtorId: 'debtor-1', claimIds: ['claim-1'] },
      system,
    );
    expect(decision.state).toMatchObject({ phase: 'placed', version: 1, claims: [{ claimId: 'claim-1', status: 'open' }] });
    expect(decision.events.map((e) => e.type)).toEqual(['CaseOpened', 'ClaimPlaced']);
    expect(decision.audit).toEqual({
      caseId: 'case-1',
      actor: system.actor,
      at: '2024-06-03T09:30:00.000Z',
      action: 'open',
      before: null,
      after: { phase: 'placed', openClaimIds: ['claim-1'] },
    });
  });

  it('refuses a case without claims', () => {
    expect(errorCode(() => openCase({ caseId: 'c', clientId: 'client-1', brandId: 'b', debtorId: 'd', claimIds: [] }, system))).toBe(
      'invalid_input',
    );
  });

  it('takes new claims of the same debtor into the open case, once each', () => {
    const decision = placeClaims(opened(), { claimIds: ['claim-3'] }, system);
    expect(decision.state.claims.map((c) => c.claimId)).toEqual(['claim-1', 'claim-2', 'claim-3']);
    expect(errorCode(() => placeClaims(decision.state, { claimIds: ['claim-3'] }, system))).toBe('conflict');
  });
});

describe('phases', () => {
  it('walks placed → amicable → legal_review → legal with a CasePhaseChanged each time', () => {
    let state = opened();
    const steps: [OpenPhase, CommandContext][] = [
      ['amicable', system],
      ['legal_review', agent],
      ['legal', lawyer],
    ];
    for (const [to, ctx] of steps) {
      const decision = changePhase(state, { to, reason: 'next step' }, ctx);
      expect(decision.events).toEqual([
        { type: 'CasePhaseChanged', caseId: 'case-1', from: state.phase, to, reason: 'next step', at: at.toISOString() },
      ]);
      expect(decision.audit).toMatchObject({ action: 'change_phase', before: { phase: state.phase }, after: { phase: to } });
      state = decision.state;
    }
    expect(state).toMatchObject({ phase: 'legal', version: 4 });
  });

  it('refuses to skip the amicable phase or to go backwards', () => {
    expect(errorCode(() => changePhase(opened(), { to: 'legal_review' }, agent))).toBe('conflict');
    const amicable = changePhase(opened(), { to: 'amicable' }, system).state;
    expect(errorCode(() => changePhase(amicable, { to: 'placed' }, agent))).toBe('conflict');
  });

  it('lets only legal staff decide an escalation, and a rejection needs its reason', () => {
    const review = changePhase(changePhase(opened(), { to: 'amicable' }, system).state, { to: 'legal_review' }, agent).state;
    expect(errorCode(() => changePhase(review, { to: 'legal' }, agent))).toBe('forbidden');
    expect(errorCode(() => changePhase(review, { to: 'amicable' }, lawyer))).toBe('invalid_input');
    expect(changePhase(review, { to: 'amicable', reason: 'no formal notice sent yet' }, lawyer).state.phase).toBe('amicable');
  });

  it('does not let the scheduler move a case on hold, but lets an agent', () => {
    const amicable = changePhase(opened(), { to: 'amicable' }, system).state;
    const held = holdCase(amicable, { until: '2024-06-10', reason: 'debtor in hospital' }, agent).state;
    expect(errorCode(() => changePhase(held, { to: 'legal_review' }, system))).toBe('conflict');
    expect(changePhase(held, { to: 'legal_review' }, as(system.actor, '2024-06-10')).state.phase).toBe('legal_review');
    expect(changePhase(held, { to: 'legal_review' }, agent).state.phase).toBe('legal_review');
  });

  it('refuses escalation to legal while a dispute is open, whoever asks, and lets a case go back to amicable', () => {
    const amicable = changePhase(opened(), { to: 'amicable' }, system).state;
    expect(errorCode(() => changePhase(amicable, { to: 'legal_review', openDisputes: 1 }, agent))).toBe('legally_refused');
    const review = changePhase(amicable, { to: 'legal_review', openDisputes: 0 }, agent).state;
    expect(errorCode(() => changePhase(review, { to: 'legal', openDisputes: 2 }, lawyer))).toBe('legally_refused');
    expect(changePhase(review, { to: 'amicable', reason: 'the debtor disputes the invoice', openDisputes: 1 }, lawyer).state.phase).toBe(
      'amicable',
    );
  });
});

describe('closing', () => {
  it('closes with outcome and reason from any open phase', () => {
    const decision = closeCase(opened(), { outcome: 'settled', reason: 'agreed 80%' }, agent);
    expect(decision.state).toMatchObject({
      phase: 'closed',
      closure: { outcome: 'settled', reason: 'agreed 80%', closedAt: at.toISOString() },
    });
    expect(decision.events).toEqual([
      { type: 'CaseClosed', caseId: 'case-1', from: 'placed', outcome: 'settled', reason: 'agreed 80%', at: at.toISOString() },
    ]);
  });

  it('needs a reason, and lets the system close only a paid case', () => {
    expect(errorCode(() => closeCase(opened(), { outcome: 'written_off', reason: ' ' }, agent))).toBe('invalid_input');
    expect(errorCode(() => closeCase(opened(), { outcome: 'written_off', reason: 'insolvent' }, system))).toBe('forbidden');
    expect(closeCase(opened(), { outcome: 'paid', reason: 'balance zero' }, system).state.phase).toBe('closed');
  });

  it('keeps a closed case closed: every command is a conflict', () => {
    const closed = closeCase(opened(), { outcome: 'paid', reason: 'paid' }, system).state;
    expect(errorCode(() => assignCase(closed, { agentId: 'agent-1' }, agent))).toBe('conflict');
    expect(errorCode(() => noteCase(closed, { note: 'x' }, agent))).toBe('conflict');
    expect(errorCode(() => recallCase(closed, { reason: 'x', balance: eur(0n) }, client))).toBe('conflict');
  });
});

describe('agents', () => {
  it('assigns, reassigns and notes', () => {
    const first = assignCase(opened(), { agentId: 'agent-7' }, agent);
    const second = assignCase(first.state, { agentId: 'agent-8' }, agent);
    expect(second.events).toEqual([
      { type: 'CaseAssigned', caseId: 'case-1', agentId: 'agent-8', previousAgentId: 'agent-7', at: at.toISOString() },
    ]);
    expect(second.audit).toMatchObject({ before: { assignedAgentId: 'agent-7' }, after: { assignedAgentId: 'agent-8' } });
    expect(noteCase(second.state, { note: 'called, no answer' }, agent).events[0]).toMatchObject({
      type: 'CaseNoted',
      note: 'called, no answer',
    });
  });

  it('puts a case on hold until a later date with a reason, and releases it', () => {
    expect(errorCode(() => holdCase(opened(), { until: '2024-06-03', reason: 'x' }, agent))).toBe('invalid_input');
    expect(errorCode(() => holdCase(opened(), { until: '2024-06-20', reason: '' }, agent))).toBe('invalid_input');
    const held = holdCase(opened(), { until: '2024-06-20', reason: 'awaiting proof of payment' }, agent);
    expect(held.audit).toMatchObject({ action: 'hold', reason: 'awaiting proof of payment', after: { hold: { until: '2024-06-20' } } });
    expect(isOnHold(held.state, '2024-06-19')).toBe(true);
    expect(isOnHold(held.state, '2024-06-20')).toBe(false);
    expect(releaseHold(held.state, { reason: 'proof received' }, agent).state.hold).toBeUndefined();
  });

  it("lets a client hold its own case for at most 90 days, and release it; another client's case is not found", () => {
    // 2024-06-03 + 90 days = 2024-09-01.
    expect(holdCase(opened(), { until: '2024-09-01', reason: 'we talk to the debtor ourselves' }, client).audit).toMatchObject({
      action: 'hold',
      actor: client.actor,
      after: { hold: { until: '2024-09-01' } },
    });
    expect(() => holdCase(opened(), { until: '2024-09-02', reason: 'longer' }, client)).toThrow(/at most 90 days \(until 2024-09-01\)/);
    expect(holdCase(opened(), { until: '2024-09-02', reason: 'longer' }, agent).state.hold?.until).toBe('2024-09-02');
    const held = holdCase(opened(), { until: '2024-06-20', reason: 'r' }, agent).state;
    expect(releaseHold(held, { reason: 'go on' }, client).state.hold).toBeUndefined();
    expect(errorCode(() => holdCase(opened(), { until: '2024-06-20', reason: 'r' }, otherClient))).toBe('not_found');
    expect(errorCode(() => releaseHold(held, { reason: 'r' }, otherClient))).toBe('not_found');
    expect(errorCode(() => holdCase(opened(), { until: '2024-06-20', reason: 'r' }, system))).toBe('forbidden');
  });

  it('cannot recall for the client', () => {
    expect(errorCode(() => recallCase(opened(), { reason: 'x', balance: eur(1n) }, agent))).toBe('forbidden');
  });
});

describe('recalls', () => {
  it('closes a recalled case as returned to client with its balance at that moment', () => {
    const decision = recallCase(opened(), { reason: 'settled directly with the debtor', balance: eur(45_000n) }, client);
    expect(decision.state).toMatchObject({ phase: 'closed', closure: { outcome: 'returned_to_client', balance: eur(45_000n) } });
    expect(decision.events.map((e) => e.type)).toEqual(['ClaimRecalled', 'ClaimRecalled', 'CaseClosed']);
    expect(decision.audit).toMatchObject({
      action: 'recall_case',
      actor: client.actor,
      before: { phase: 'placed', openClaimIds: ['claim-1', 'claim-2'] },
      after: { openClaimIds: [] },
    });
  });

  it('recalls one claim, and closes the case when the last open claim goes', () => {
    const first = recallClaim(opened(), { claimId: 'claim-1', reason: 'credit note', balance: eur(100n) }, client);
    expect(first.state.phase).toBe('placed');
    expect(first.events).toEqual([
      { type: 'ClaimRecalled', caseId: 'case-1', claimId: 'claim-1', balance: eur(100n), reason: 'credit note', at: at.toISOString() },
    ]);
    expect(errorCode(() => recallClaim(first.state, { claimId: 'claim-1', reason: 'again', balance: eur(100n) }, client))).toBe('conflict');
    expect(errorCode(() => recallClaim(first.state, { claimId: 'claim-9', reason: 'x', balance: eur(1n) }, client))).toBe('not_found');
    const last = recallClaim(first.state, { claimId: 'claim-2', reason: 'credit note', balance: eur(200n) }, client);
    expect(last.state.closure).toMatchObject({ outcome: 'returned_to_client', balance: eur(200n) });
  });

  it('does not show another client’s case to a client', () => {
    expect(errorCode(() => recallCase(opened(), { reason: 'x', balance: eur(1n) }, otherClient))).toBe('not_found');
  });
});

describe('lifecycle properties', () => {
  type Command = (state: CaseState) => CaseDecision;
  const actorArb = fc.constantFrom(system, agent, lawyer, client, otherClient, as({ kind: 'admin', id: 'admin-1' }));
  const commandArb: fc.Arbitrary<Command> = fc.oneof(
    fc
      .tuple(
        fc.constantFrom<OpenPhase>('placed', 'amicable', 'legal_review', 'legal'),
        fc.option(fc.constantFrom('ok', ' '), { nil: undefined }),
        actorArb,
      )
      .map(
        ([to, reason, ctx]): Command =>
          (s) =>
            changePhase(s, { to, reason }, ctx),
      ),
    fc
      .tuple(
        fc.constantFrom('paid', 'settled', 'written_off', 'returned_to_client' as const),
        fc.constantFrom('done', ''),
        fc.boolean(),
        actorArb,
      )
      .map(
        ([outcome, reason, withBalance, ctx]): Command =>
          (s) =>
            closeCase(s, { outcome, reason, balance: withBalance ? eur(10n) : undefined }, ctx),
      ),
    fc.tuple(fc.constantFrom('agent-1', 'agent-2', ''), actorArb).map(
      ([agentId, ctx]): Command =>
        (s) =>
          assignCase(s, { agentId }, ctx),
    ),
    fc.tuple(fc.constantFrom('2024-06-01', '2024-06-04', '2024-07-01'), actorArb).map(
      ([until, ctx]): Command =>
        (s) =>
          holdCase(s, { until, reason: 'r' }, ctx),
    ),
    actorArb.map(
      (ctx): Command =>
        (s) =>
          releaseHold(s, { reason: 'r' }, ctx),
    ),
    actorArb.map(
      (ctx): Command =>
        (s) =>
          noteCase(s, { note: 'n' }, ctx),
    ),
    actorArb.map(
      (ctx): Command =>
        (s) =>
          recallCase(s, { reason: 'r', balance: eur(5n) }, ctx),
    ),
    fc.tuple(fc.constantFrom('claim-1', 'claim-2', 'claim-3'), actorArb).map(
      ([claimId, ctx]): Command =>
        (s) =>
          recallClaim(s, { claimId, reason: 'r', balance: eur(1n) }, ctx),
    ),
    fc.tuple(fc.constantFrom('claim-2', 'claim-4'), actorArb).map(
      ([claimId, ctx]): Command =>
        (s) =>
          placeClaims(s, { claimIds: [claimId] }, ctx),
    ),
  );

  it('never leaves the allowed graph, and a closed case never changes', () => {
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 40 }), (commands) => {
        let state = opened();
        for (const command of commands) {
          let decision: CaseDecision | undefined;
          try {
            decision = command(state);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
          }
          if (!decision) continue;
          expect(state.phase).not.toBe('closed'); // a closed case accepted nothing
          const next = decision.state;
          expect(casePhases).toContain(next.phase);
          if (next.phase !== state.phase) expect(canTransition(state.phase, next.phase)).toBe(true);
          expect(next.closure !== undefined).toBe(next.phase === 'closed');
          expect(next.version).toBe(state.version + 1);
          expect(decision.events.length).toBeGreaterThan(0);
          expect(decision.audit.before?.phase).toBe(state.phase);
          expect(decision.audit.after.phase).toBe(next.phase);
          if (next.phase === 'closed') expect(decision.events.at(-1)?.type).toBe('CaseClosed');
          state = next;
        }
      }),
    );
  });

  it('allows no way out of closed', () => {
    expect(allowedTransitions.closed).toEqual([]);
  });
});
