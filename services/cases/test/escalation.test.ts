import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import type { EventEnvelope } from '@amicus/events';
import type { Messaging } from '@amicus/service-runtime';
import { CaseFileService } from '../src/case-file/case-file.service';
import { CaseReadsService } from '../src/case-file/case-reads.service';
import { DisputesService } from '../src/disputes/disputes.service';
import { EscalationService } from '../src/escalation/escalation.service';
import { TenantDatabase } from '../src/tenancy/tenant-database';
import { freshCasesDatabase, seedClient } from './database';
import { who } from './identities';
import { schedulerPass } from '../src/journeys/journey-scheduler';
import { markSent, outbox, placeDebtors, requestedFor, schedulerContext, testClock } from './journeys';
import { refusal } from './refusals';

/**
 * Escalation on real Postgres, under the walls: an agent proposes an eligible case (it goes to
 * legal_review with its estimate), the client approves, legal staff accept it into legal; an open
 * dispute refuses with its rule; other tenants see nothing; legal staff send a case back and close
 * one in legal (the row-level-security fix of migration 1765700000000).
 */
let ds: DataSource;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ ds, drop } = await freshCasesDatabase('escalation'));
});
afterAll(() => drop());

const tenant = () => new TenantDatabase(ds);
const messaging = { publish: (m: EntityManager, e: EventEnvelope[]) => outbox.append(m, e) } as unknown as Messaging;
const escalation = (clock: Clock) => new EscalationService(tenant(), messaging, clock, { AMICUS_AGENCY_REGISTRATION: '0123.456.789' });
const caseFile = (clock: Clock) => new CaseFileService(tenant(), messaging, clock, new CaseReadsService(tenant(), clock));

/**
 * A BE consumer case of €400.00 (due 31 Jan 2025), its first reminder e-mailed on 10 Feb and the
 * formal notice on 3 Mar: by 1 Apr 2025 every term has run.
 */
async function eligibleCase(name: string) {
  const clock = testClock('2025-02-10T09:00:00Z');
  const { clientId, brandIds } = await seedClient(ds);
  const [caseId] = await placeDebtors(ds, clientId, [name], clock.now());
  await ds.query(`UPDATE cases.cases SET phase = 'amicable' WHERE id = $1`, [caseId]);
  await markSent(ds, caseId!, 'first_reminder', 'email', new Date('2025-02-10T09:00:00Z'));
  await markSent(ds, caseId!, 'formal_notice', 'email', new Date('2025-03-03T09:00:00Z'));
  clock.advance(Date.parse('2025-04-01T09:00:00Z') - clock.now().getTime());
  return {
    clock,
    clientId,
    caseId: caseId!,
    agent: who('agent', { brandIds }),
    client: who('client_user', { clientId }),
    legal: who('legal'),
    service: escalation(clock),
  };
}

const events = async (caseId: string, type: string) =>
  (await ds.query(`SELECT envelope FROM cases.outbox WHERE key = $1 AND type = $2 ORDER BY seq`, [caseId, type])).map(
    (r: { envelope: { payload: Record<string, unknown> } }) => r.envelope.payload,
  );
const phaseOf = async (caseId: string) => (await ds.query(`SELECT phase FROM cases.cases WHERE id = $1`, [caseId]))[0].phase;
const actions = async (caseId: string) =>
  (await ds.query(`SELECT action FROM cases.audit_entries WHERE case_id = $1 ORDER BY seq`, [caseId])).map(
    (r: { action: string }) => r.action,
  );

async function ruleOf(work: Promise<unknown>): Promise<{ code: string; rule: unknown }> {
  const e = await work.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(e)}`);
  return { code: e.code, rule: e.details.rule };
}

describe('escalation to legal', () => {
  it('proposed by an agent, approved by the client, accepted by legal staff — each audited, with its event', async () => {
    const { caseId, clientId, agent, client, legal, service } = await eligibleCase('Walk Wauters');
    const before = await service.view(agent, caseId);
    expect(before!.eligibility.conditions.map((c) => [c.key, c.met])).toEqual([
      ['formal_notice', true],
      ['no_open_dispute', true],
      ['amount_threshold', true],
      ['no_legal_stop', true],
      ['client_approval', false],
    ]);
    expect(before!.eligibility.conditions[4]).toMatchObject({ rule: 'ESC-CLIENT-APPROVAL' });

    const proposed = await service.propose(agent, caseId, 'no reaction to the formal notice', 'corr-1');
    expect(await phaseOf(caseId)).toBe('legal_review');
    expect(proposed.proposal).toMatchObject({
      status: 'awaiting_client',
      approvalRequired: true,
      reason: 'no reaction to the formal notice',
    });
    expect(proposed.proposal!.estimate).toMatchObject({
      courtCostsMinor: 7_400n,
      bailiffCostsMinor: 20_000n,
      recoveryRateBasis: 'agency_default',
    });
    // Legal staff may not accept before the client approved.
    expect(await ruleOf(service.accept(legal, caseId, 'c'))).toEqual({ code: 'legally_refused', rule: 'ESC-CLIENT-APPROVAL' });

    expect((await service.approve(client, caseId, 'corr-2')).proposal).toMatchObject({ status: 'awaiting_legal' });
    const accepted = await service.accept(legal, caseId, 'corr-3');
    expect(accepted.proposal).toMatchObject({ status: 'accepted', decidedBy: `legal_staff:${legal.subject}` });
    expect(await phaseOf(caseId)).toBe('legal');
    expect(await actions(caseId)).toEqual(
      expect.arrayContaining(['change_phase', 'escalation_proposed', 'escalation_approved', 'escalation_accepted']),
    );
    const [p] = await events(caseId, 'EscalationProposed');
    expect(p).toMatchObject({ caseId, clientId, approvalRequired: true, actor: `agent:${agent.subject}` });
    expect((p as { estimate: { openMinor: string } }).estimate.openMinor).toMatch(/^\d+$/);
    expect(await events(caseId, 'EscalationApproved')).toHaveLength(1);
    expect(await events(caseId, 'EscalationAccepted')).toEqual([
      expect.objectContaining({ caseId, escalationId: accepted.proposal!.id, actor: `legal_staff:${legal.subject}` }),
    ]);
    expect((await events(caseId, 'CasePhaseChanged')).map((e: Record<string, unknown>) => e.to)).toEqual(['legal_review', 'legal']);
    // Accepted once: again is the wrong phase.
    expect(await refusal(service.accept(legal, caseId, 'c'))).toMatchObject({ code: 'conflict' });
  });

  it('refuses a proposal while a dispute is open, naming its rule, and writes nothing', async () => {
    const { caseId, clock, agent, service } = await eligibleCase('Dispute Dubois');
    const [{ id: claimId }] = await ds.query(`SELECT id FROM cases.claims WHERE case_id = $1`, [caseId]);
    const disputes = new DisputesService(tenant(), { schema: 'cases', topicPrefix: '' }, clock);
    await disputes.raise(
      agent,
      {
        caseId,
        disputeId: crypto.randomUUID(),
        claimIds: [claimId],
        reason: 'poor_quality',
        text: 'scratched',
        raisedBy: 'debtor',
        channel: 'letter',
      },
      'c',
    );
    const view = await service.view(agent, caseId);
    expect(view!.eligibility.conditions.find((c) => c.key === 'no_open_dispute')).toMatchObject({ met: false, rule: 'CASE-DISPUTE-OPEN' });
    expect(await ruleOf(service.propose(agent, caseId, 'no reaction', 'c'))).toEqual({
      code: 'legally_refused',
      rule: 'CASE-DISPUTE-OPEN',
    });
    expect(await phaseOf(caseId)).toBe('amicable');
    expect(await events(caseId, 'EscalationProposed')).toEqual([]);
  });

  it('keeps other tenants out: the client of another client, an agent of another brand, legal staff before legal review', async () => {
    const { caseId, agent, client, legal, service } = await eligibleCase('Wall Willems');
    const other = await seedClient(ds);
    const otherClient = who('client_user', { clientId: other.clientId });
    const otherAgent = who('agent', { brandIds: other.brandIds });
    expect(await service.view(otherAgent, caseId)).toBeNull();
    expect(await service.view(legal, caseId)).toBeNull();
    expect(await refusal(service.propose(otherAgent, caseId, 'x', 'c'))).toMatchObject({ code: 'not_found' });
    expect(await refusal(service.propose(legal, caseId, 'x', 'c'))).toMatchObject({ code: 'forbidden' });
    expect(await refusal(service.propose(agent, caseId, '  ', 'c'))).toEqual({ code: 'invalid_input', fields: ['reason'] });
    await service.propose(agent, caseId, 'no reaction', 'c');
    expect(await refusal(service.approve(otherClient, caseId, 'c'))).toMatchObject({ code: 'not_found' });
    expect(await refusal(service.approve(agent, caseId, 'c'))).toMatchObject({ code: 'forbidden' });
    expect(await refusal(service.accept(client, caseId, 'c'))).toMatchObject({ code: 'forbidden' });
    expect(await refusal(service.propose(agent, caseId, 'again', 'c'))).toMatchObject({ code: 'conflict' });
    const declined = await service.decline(client, caseId, 'we settle with them ourselves', 'c');
    expect(declined.proposal).toMatchObject({ status: 'declined', answerReason: 'we settle with them ourselves' });
    expect(await events(caseId, 'EscalationDeclined')).toEqual([
      expect.objectContaining({ by: 'client', reason: 'we settle with them ourselves' }),
    ]);
    expect(await ruleOf(service.accept(legal, caseId, 'c'))).toEqual({ code: 'legally_refused', rule: 'ESC-CLIENT-APPROVAL' });
  });

  it('lets legal staff send a case back to amicable and close a case in legal (their writes out of the legal phases)', async () => {
    const { caseId, clock, agent, client, legal, service } = await eligibleCase('Back Bertels');
    await service.propose(agent, caseId, 'no reaction', 'c');
    expect(await refusal(service.returnToAmicable(legal, caseId, '', 'c'))).toEqual({ code: 'invalid_input', fields: ['reason'] });
    const back = await service.returnToAmicable(legal, caseId, 'a payment plan is still possible', 'c');
    expect(back.proposal).toMatchObject({ status: 'returned', decisionReason: 'a payment plan is still possible' });
    expect(await phaseOf(caseId)).toBe('amicable');
    expect(await events(caseId, 'EscalationDeclined')).toEqual([
      expect.objectContaining({ by: 'legal_staff', escalationId: back.proposal!.id }),
    ]);
    // Sent back, the case is out of legal staff's sight again.
    expect(await service.view(legal, caseId)).toBeNull();

    // A second proposal, approved and accepted; then legal staff close it.
    await service.propose(agent, caseId, 'still no reaction', 'c');
    await service.approve(client, caseId, 'c');
    await service.accept(legal, caseId, 'c');
    const closed = await caseFile(clock).close(legal, caseId, 'written_off', 'the debtor is insolvent', 'c');
    expect(closed).toMatchObject({ phase: 'closed' });
    expect(await phaseOf(caseId)).toBe('closed');
    expect(await service.view(legal, caseId)).toBeNull();
  });

  it('still refuses legal staff a write into amicable of a case they could not see', async () => {
    const { caseId, legal } = await eligibleCase('Rls Raes');
    const updated = await ds.transaction(async (m) => {
      await m.query(`SELECT set_config('app.role', 'legal', true), set_config('app.subject', $1, true)`, [legal.subject]);
      await m.query(`SET LOCAL ROLE amicus_cases_app`);
      return m.query(`UPDATE cases.cases SET phase = 'closed' WHERE id = $1`, [caseId]);
    });
    expect(updated[1]).toBe(0);
    expect(await phaseOf(caseId)).toBe('amicable');
  });

  it("is proposed by the journey's review_for_legal step, with its estimate and event, awaiting the client", async () => {
    const clock = testClock('2025-02-10T09:00:00Z');
    const ctx = schedulerContext(clock);
    const { clientId } = await seedClient(ds);
    const [caseId] = await placeDebtors(ds, clientId, ['Journey Janssens'], clock.now());
    // Every step the journey requests goes out by e-mail the day it is asked for; a week later the next pass.
    for (let i = 0; i < 15 && (await phaseOf(caseId!)) !== 'legal_review'; i++) {
      await schedulerPass(ds, ctx);
      const sent = new Set(
        (await ds.query(`SELECT kind FROM cases.contact_history WHERE case_id = $1`, [caseId])).map((r: { kind: string }) => r.kind),
      );
      for (const r of await requestedFor(ds, [caseId!])) if (!sent.has(r.kind)) await markSent(ds, caseId!, r.kind, 'email', clock.now());
      clock.advance(8 * 86_400_000);
    }
    expect(await phaseOf(caseId!)).toBe('legal_review');
    const [p] = await events(caseId!, 'EscalationProposed');
    expect(p).toMatchObject({
      caseId,
      clientId,
      approvalRequired: true,
      actor: 'system:scheduler',
      reason: "the scenario's review_for_legal step",
    });
    const view = await escalation(clock).view(who('legal'), caseId!);
    expect(view!.proposal).toMatchObject({ status: 'awaiting_client', proposedBy: 'system:scheduler' });
    expect(await actions(caseId!)).toEqual(expect.arrayContaining(['escalation_proposed']));
  });
});
