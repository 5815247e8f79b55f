import fc from 'fast-check';
import { DomainError } from '@amicus/errors';
import type { Actor } from '../case-lifecycle/case-lifecycle';
import {
  answerDispute,
  DISPUTE_OUTCOMES,
  DISPUTE_REASONS,
  disputedClaimIds,
  isOverdue,
  raiseDispute,
  resolveDispute,
  type Dispute,
  type DisputeCase,
  type DisputeContext,
} from './dispute';

const CLIENT = 'client-1';
const agent: Actor = { kind: 'agent', id: 'agent-1' };
const client: Actor = { kind: 'client', id: 'user-1', clientId: CLIENT };
const otherClient: Actor = { kind: 'client', id: 'user-2', clientId: 'client-2' };
const admin: Actor = { kind: 'admin', id: 'admin-1' };
const legal: Actor = { kind: 'legal_staff', id: 'legal-1' };

const kase = (over: Partial<DisputeCase> = {}): DisputeCase => ({
  caseId: 'case-1',
  clientId: CLIENT,
  brandId: 'brand-1',
  closed: false,
  claims: [
    { id: 'k1', invoiceNumber: 'INV-1', status: 'open', openMinor: 40000n },
    { id: 'k2', invoiceNumber: 'INV-2', status: 'open', openMinor: 25000n },
    { id: 'k3', invoiceNumber: 'INV-3', status: 'recalled', openMinor: 10000n },
  ],
  unresolved: [],
  ...over,
});
const ctx = (actor: Actor, today = '2025-03-03'): DisputeContext => ({ actor, at: new Date(`${today}T10:00:00Z`), today });
const raise = (over: Partial<Parameters<typeof raiseDispute>[1]> = {}, actor = agent, c = kase()) =>
  raiseDispute(
    c,
    { disputeId: 'd-1', claimIds: ['k2'], reason: 'poor_quality', text: ' scratched ', raisedBy: 'debtor', channel: 'phone', ...over },
    '2025-03-17',
    ctx(actor),
  );

/** The DomainError a command throws: its code and the fields it names. */
function refusal(command: () => unknown): { code: string; fields: string[] } {
  try {
    command();
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, fields: e.problems.map((p) => p.field) };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('raising a dispute', () => {
  it('records the debtor’s dispute on the named claims, awaiting the client’s answer by its due day, with the event and history', () => {
    const d = raise();
    expect(d.dispute).toMatchObject({
      claimIds: ['k2'],
      reason: 'poor_quality',
      text: 'scratched',
      raisedBy: 'debtor',
      channel: 'phone',
      status: 'awaiting_client',
      answerDueOn: '2025-03-17',
      recordedBy: 'agent:agent-1',
      answer: null,
      resolution: null,
    });
    expect(d.events).toEqual([{ type: 'DisputeRaised', dispute: d.dispute, claims: [kase().claims[1]] }]);
    expect(d.audit).toMatchObject({ action: 'dispute_raise', before: null, after: { status: 'awaiting_client', claimIds: ['k2'] } });
    expect(d.audit.reason).toMatch(/INV-2: poor_quality — scratched/);
  });

  it('leaves the client’s own dispute with the agency (open): there is nothing to ask the client', () => {
    expect(raise({ raisedBy: 'client' }, client).dispute.status).toBe('open');
  });

  it('refuses an empty claim list, a claim of another case, a recalled claim, a claim listed twice, an unknown reason and channel — naming each field', () => {
    expect(refusal(() => raise({ claimIds: [] }))).toEqual({ code: 'invalid_input', fields: ['claimIds'] });
    expect(refusal(() => raise({ claimIds: ['k1', 'elsewhere', 'k3', 'k1'] }))).toEqual({
      code: 'invalid_input',
      fields: ['claimIds[1]', 'claimIds[2]', 'claimIds[3]'],
    });
    expect(refusal(() => raise({ reason: 'too_expensive', channel: 'pigeon', raisedBy: 'neighbour' }))).toEqual({
      code: 'invalid_input',
      fields: ['reason', 'channel', 'raisedBy'],
    });
    expect(refusal(() => raise({ reason: 'other', text: '  ' })).fields).toEqual(['text']);
    expect(refusal(() => raise({ text: 'x'.repeat(10_001) })).fields).toEqual(['text']);
  });

  it('refuses a claim with nothing open on it, a claim already disputed, and a closed case', () => {
    const paid = kase({ claims: [{ id: 'k2', invoiceNumber: 'INV-2', status: 'open', openMinor: 0n }] });
    expect(refusal(() => raise({}, agent, paid))).toEqual({ code: 'invalid_input', fields: ['claimIds[0]'] });
    expect(refusal(() => raise({}, agent, kase({ unresolved: [{ id: 'd-0', claimIds: ['k2'] }] })))).toEqual({
      code: 'conflict',
      fields: [],
    });
    expect(refusal(() => raise({}, agent, kase({ closed: true })))).toEqual({ code: 'conflict', fields: [] });
  });

  it('lets a client raise only its own disputes on its own cases, and legal staff none', () => {
    expect(refusal(() => raise({ raisedBy: 'client' }, otherClient)).code).toBe('not_found');
    expect(refusal(() => raise({ raisedBy: 'debtor' }, client)).fields).toEqual(['raisedBy']);
    expect(refusal(() => raise({ raisedBy: 'client' }, agent)).fields).toEqual(['raisedBy']);
    expect(refusal(() => raise({}, legal)).code).toBe('forbidden');
    expect(raise({ raisedBy: 'client' }, admin).dispute.status).toBe('open');
  });
});

describe('the client’s answer', () => {
  const awaiting = () => raise({ claimIds: ['k1', 'k2'] }).dispute;

  it('rejecting: resolves the dispute with its answer as what the debtor is told, credits nothing', () => {
    const d = answerDispute(
      awaiting(),
      { answer: 'Delivered on 3 Feb, signed for.', outcome: 'rejected' },
      kase(),
      ctx(client, '2025-03-10'),
    );
    expect(d.dispute).toMatchObject({
      status: 'resolved',
      answer: { text: 'Delivered on 3 Feb, signed for.', proposedOutcome: 'rejected', late: false, by: 'client:user-1' },
      resolution: { outcome: 'rejected', credits: [], explanation: 'Delivered on 3 Feb, signed for.' },
    });
    expect(d.events.map((e) => e.type)).toEqual(['DisputeAnswered', 'DisputeResolved']);
  });

  it('without an outcome: goes back to the agency (open), marked late after its due day', () => {
    const d = answerDispute(awaiting(), { answer: 'We are checking with the warehouse.' }, kase(), ctx(client, '2025-03-18'));
    expect(d.dispute).toMatchObject({ status: 'open', answer: { proposedOutcome: null, late: true }, resolution: null });
    expect(d.events.map((e) => e.type)).toEqual(['DisputeAnswered']);
  });

  it('upholding: credits what is open on each disputed claim', () => {
    const d = answerDispute(awaiting(), { answer: 'Agreed, we credit both.', outcome: 'upheld' }, kase(), ctx(client));
    expect(d.dispute.resolution?.credits).toEqual([
      { claimId: 'k1', amountMinor: 40000n },
      { claimId: 'k2', amountMinor: 25000n },
    ]);
  });

  it('partly upholding: credits the amounts given, each on a claim of the dispute and within what is open', () => {
    const d = answerDispute(
      awaiting(),
      { answer: 'Two items were missing.', outcome: 'partly_upheld', credits: [{ claimId: 'k1', amountMinor: '5000' }] },
      kase(),
      ctx(client),
    );
    expect(d.dispute.resolution?.credits).toEqual([{ claimId: 'k1', amountMinor: 5000n }]);
    const bad = [
      { claimId: 'k3', amountMinor: '100' },
      { claimId: 'k1', amountMinor: '40001' },
      { claimId: 'k2', amountMinor: '0' },
      { claimId: 'k2', amountMinor: '12.50' },
    ];
    expect(
      refusal(() => answerDispute(awaiting(), { answer: 'x', outcome: 'partly_upheld', credits: bad }, kase(), ctx(client))).fields,
    ).toEqual(['credits[0].claimId', 'credits[1].amountMinor', 'credits[2].amountMinor', 'credits[3].claimId']);
    expect(refusal(() => answerDispute(awaiting(), { answer: 'x', outcome: 'partly_upheld' }, kase(), ctx(client))).fields).toEqual([
      'credits',
    ]);
    expect(
      refusal(() =>
        answerDispute(
          awaiting(),
          { answer: 'x', outcome: 'rejected', credits: [{ claimId: 'k1', amountMinor: '1' }] },
          kase(),
          ctx(client),
        ),
      ).fields,
    ).toEqual(['credits']);
  });

  it('is refused for another client’s dispute (not found), an agent, an empty answer, an unknown outcome and a resolved dispute', () => {
    expect(refusal(() => answerDispute(awaiting(), { answer: 'x' }, kase(), ctx(otherClient))).code).toBe('not_found');
    expect(refusal(() => answerDispute(awaiting(), { answer: 'x' }, kase(), ctx(agent))).code).toBe('forbidden');
    expect(refusal(() => answerDispute(awaiting(), { answer: ' ', outcome: 'maybe' }, kase(), ctx(client))).fields).toEqual([
      'answer',
      'outcome',
    ]);
    const resolved = answerDispute(awaiting(), { answer: 'No.', outcome: 'rejected' }, kase(), ctx(client)).dispute;
    expect(refusal(() => answerDispute(resolved, { answer: 'Yes after all.', outcome: 'upheld' }, kase(), ctx(client))).code).toBe(
      'conflict',
    );
  });
});

describe('the agency resolving a dispute', () => {
  it('takes the client’s answer as the explanation by default, and needs one when there is none', () => {
    const answered = answerDispute(raise().dispute, { answer: 'Invoice was wrong.' }, kase(), ctx(client)).dispute;
    const d = resolveDispute(answered, { outcome: 'upheld' }, kase(), ctx(agent));
    expect(d.dispute.resolution).toMatchObject({
      outcome: 'upheld',
      explanation: 'Invoice was wrong.',
      credits: [{ claimId: 'k2', amountMinor: 25000n }],
      by: 'agent:agent-1',
    });
    expect(refusal(() => resolveDispute(raise().dispute, { outcome: 'rejected' }, kase(), ctx(agent))).fields).toEqual(['explanation']);
  });

  it('is the agency’s: a client answers instead, legal staff only read', () => {
    expect(refusal(() => resolveDispute(raise().dispute, { outcome: 'rejected', explanation: 'x' }, kase(), ctx(client))).code).toBe(
      'forbidden',
    );
    expect(refusal(() => resolveDispute(raise().dispute, { outcome: 'rejected', explanation: 'x' }, kase(), ctx(otherClient))).code).toBe(
      'not_found',
    );
    expect(refusal(() => resolveDispute(raise().dispute, { outcome: 'rejected', explanation: 'x' }, kase(), ctx(legal))).code).toBe(
      'forbidden',
    );
  });
});

describe('reading disputes', () => {
  it('is overdue only while awaiting the client after its due day', () => {
    const d = raise().dispute;
    expect(isOverdue(d, '2025-03-17')).toBe(false);
    expect(isOverdue(d, '2025-03-18')).toBe(true);
    expect(isOverdue({ ...d, status: 'open' }, '2025-04-01')).toBe(false);
  });

  it('pauses exactly the claims of unresolved disputes', () => {
    const a = raise().dispute;
    const b = { ...raise({ disputeId: 'd-2', claimIds: ['k1'] }).dispute, status: 'resolved' as const };
    expect([...disputedClaimIds([a, b])]).toEqual(['k2']);
  });
});

describe('properties', () => {
  const claimIdsArb = fc.subarray(['k1', 'k2', 'k3', 'elsewhere'], { minLength: 0 });
  const actorArb = fc.constantFrom(agent, client, otherClient, admin, legal);
  const commandArb = fc.oneof(
    fc.record({
      kind: fc.constant('answer' as const),
      outcome: fc.option(fc.constantFrom(...DISPUTE_OUTCOMES, 'maybe'), { nil: null }),
      actor: actorArb,
    }),
    fc.record({ kind: fc.constant('resolve' as const), outcome: fc.constantFrom(...DISPUTE_OUTCOMES, 'maybe'), actor: actorArb }),
  );

  it('a dispute names only open claims of its own case, or is not raised at all', () => {
    fc.assert(
      fc.property(claimIdsArb, fc.constantFrom(...DISPUTE_REASONS, 'nonsense'), (claimIds, reason) => {
        let d: Dispute | undefined;
        try {
          d = raise({ claimIds, reason }).dispute;
        } catch (e) {
          expect(e).toBeInstanceOf(DomainError);
          return;
        }
        const open = kase()
          .claims.filter((c) => c.status === 'open')
          .map((c) => c.id);
        expect(d.claimIds.length).toBeGreaterThan(0);
        for (const id of d.claimIds) expect(open).toContain(id);
      }),
    );
  });

  it('nothing leaves resolved, whoever tries what; every credit is within what is open on a claim of the dispute', () => {
    fc.assert(
      fc.property(fc.array(commandArb, { minLength: 1, maxLength: 6 }), (commands) => {
        let d = raise({ claimIds: ['k1', 'k2'] }).dispute;
        for (const c of commands) {
          const before = d;
          try {
            const input = {
              answer: 'because',
              explanation: 'because',
              outcome: c.outcome,
              credits: c.outcome === 'partly_upheld' ? [{ claimId: 'k1', amountMinor: '100' }] : null,
            };
            d = (
              c.kind === 'answer'
                ? answerDispute(d, input, kase(), ctx(c.actor))
                : resolveDispute(d, { ...input, outcome: c.outcome ?? '' }, kase(), ctx(c.actor))
            ).dispute;
          } catch (e) {
            expect(e).toBeInstanceOf(DomainError);
            continue;
          }
          expect(before.status).not.toBe('resolved');
          for (const credit of d.resolution?.credits ?? []) {
            expect(d.claimIds).toContain(credit.claimId);
            const open = kase().claims.find((k) => k.id === credit.claimId)!.openMinor;
            expect(credit.amountMinor > 0n && credit.amountMinor <= open).toBe(true);
          }
        }
      }),
    );
  });
});
