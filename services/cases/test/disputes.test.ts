import type { DataSource, EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import type { Clock } from '@amicus/calendar';
import type { CallLoggedV1, EventEnvelope } from '@amicus/events';
import type { Messaging } from '@amicus/service-runtime';
import { CaseFileService } from '../src/case-file/case-file.service';
import { CaseReadsService } from '../src/case-file/case-reads.service';
import { DisputesService } from '../src/disputes/disputes.service';
import { schedulerPass } from '../src/journeys/journey-scheduler';
import { importPlacement } from '../src/placements/placement-import';
import { apiHeader, apiMapping, apiRecords } from '../src/placements/placement-input';
import { enterTenant, TenantDatabase } from '../src/tenancy/tenant-database';
import { freshCasesDatabase, seedClient } from './database';
import { who } from './identities';
import { markSent, outbox, requestedFor, schedulerContext, testClock } from './journeys';
import { refusal } from './refusals';

/**
 * Disputes on real Postgres, under the walls: raised on some claims of a case, those claims
 * left out of what the journey's letters demand (every claim disputed: the journey waits), the
 * case kept from legal while one is open, the client's answer (its own disputes only) resolving
 * it, credits when upheld, the service level counted in business days, a call's dispute raised
 * once, bad input refused with nothing written.
 */
let ds: DataSource;
let drop: () => Promise<void>;
const DAY = 86_400_000;

beforeAll(async () => {
  ({ ds, drop } = await freshCasesDatabase('disputes'));
});
afterAll(() => drop());

const tenant = () => new TenantDatabase(ds);
const disputesService = (clock: Clock) => new DisputesService(tenant(), { schema: 'cases', topicPrefix: '' }, clock);
const caseFile = (clock: Clock) =>
  new CaseFileService(
    tenant(),
    { publish: (m: EntityManager, e: EventEnvelope[]) => outbox.append(m, e) } as unknown as Messaging,
    clock,
    new CaseReadsService(tenant(), clock),
  );

/** A client with one BE consumer case of three claims (€400, €250, €100, due 31 Jan), placed on 10 Feb 2025 (a Monday). */
async function threeClaims(name: string) {
  const clock = testClock('2025-02-10T09:00:00Z');
  const { clientId, brandIds } = await seedClient(ds);
  const claim = (n: number, amount: string) => ({
    debtorName: name,
    clientDebtorReference: `REF-${name}`,
    email: 'debtor@example.org',
    addressLine1: 'Kerkstraat 1',
    postcode: '9000',
    city: 'Gent',
    country: 'BE',
    language: 'fr',
    invoiceNumber: `INV-${name}-${n}`,
    issueDate: '2025-01-01',
    dueDate: '2025-01-31',
    amount,
    currency: 'EUR',
    damagesClause: true,
    interestClause: true,
  });
  await ds.transaction((m) =>
    importPlacement(m, (mm, e) => outbox.append(mm, e), {
      placementId: crypto.randomUUID(),
      clientId,
      source: 'api',
      fileName: null,
      actor: { kind: 'admin', id: 'it' },
      correlationId: crypto.randomUUID(),
      header: apiHeader,
      records: apiRecords([claim(1, '400.00'), claim(2, '250.00'), claim(3, '100.00')]),
      mapping: apiMapping,
      now: clock.now(),
      timeZone: 'Europe/Brussels',
    }),
  );
  const [{ id: caseId }] = await ds.query(`SELECT id FROM cases.cases WHERE client_id = $1`, [clientId]);
  const claims: { id: string; invoice_number: string }[] = await ds.query(
    `SELECT id, invoice_number FROM cases.claims WHERE case_id = $1 ORDER BY invoice_number`,
    [caseId],
  );
  return {
    clock,
    clientId,
    brandId: brandIds[0]!,
    caseId: caseId as string,
    claimIds: claims.map((c) => c.id),
    agent: who('agent', { brandIds }),
    client: who('client_user', { clientId }),
    disputes: disputesService(clock),
  };
}

const raiseInput = (caseId: string, claimIds: string[], over: Record<string, unknown> = {}) => ({
  caseId,
  disputeId: crypto.randomUUID(),
  claimIds,
  reason: 'poor_quality',
  text: 'the table arrived scratched',
  raisedBy: 'debtor',
  channel: 'letter',
  ...over,
});
const events = async (caseId: string, type: string) =>
  (await ds.query(`SELECT envelope FROM cases.outbox WHERE key = $1 AND type = $2 ORDER BY seq`, [caseId, type])).map(
    (r: { envelope: { payload: Record<string, unknown> } }) => r.envelope.payload,
  );
const count = async (sql: string, params: unknown[]) => Number((await ds.query(sql, params))[0].n);
const writes = async (caseId: string) => ({
  disputes: await count(`SELECT count(*) AS n FROM cases.disputes WHERE case_id = $1`, [caseId]),
  outbox: await count(`SELECT count(*) AS n FROM cases.outbox WHERE key = $1`, [caseId]),
  audit: await count(`SELECT count(*) AS n FROM cases.audit_entries WHERE case_id = $1`, [caseId]),
});

describe('raising a dispute', () => {
  it('records it awaiting the client, due in 10 business days, with its event, history and the case ranked low until the answer is overdue', async () => {
    const { caseId, claimIds, agent, disputes, clientId, brandId } = await threeClaims('Raise Renard');
    const d = await disputes.raise(agent, raiseInput(caseId, [claimIds[1]!]), 'corr-1');
    // Mon 10 Feb 2025 + 10 business days (no holiday between) = Mon 24 Feb.
    expect(d).toMatchObject({
      status: 'awaiting_client',
      claimIds: [claimIds[1]],
      answerDueOn: '2025-02-24',
      recordedBy: `agent:${agent.subject}`,
    });
    expect(await events(caseId, 'DisputeRaised')).toEqual([
      {
        disputeId: d.id,
        caseId,
        clientId,
        brandId,
        claims: [{ claimId: claimIds[1], invoiceNumber: 'INV-Raise Renard-2', openMinor: '25000' }],
        currency: 'EUR',
        reason: 'poor_quality',
        text: 'the table arrived scratched',
        raisedBy: 'debtor',
        channel: 'letter',
        answerDueOn: '2025-02-24',
        language: 'fr',
        actor: `agent:${agent.subject}`,
      },
    ]);
    const [audit] = await ds.query(
      `SELECT action, reason, after FROM cases.audit_entries WHERE case_id = $1 AND action = 'dispute_raise'`,
      [caseId],
    );
    expect(audit.reason).toMatch(/INV-Raise Renard-2: poor_quality/);
    const [c] = await ds.query(`SELECT last_contact_outcome, next_action_at FROM cases.cases WHERE id = $1`, [caseId]);
    expect(c.last_contact_outcome).toBe('disputed');
    expect(c.next_action_at.getTime()).toBeLessThanOrEqual(Date.parse('2025-02-24T23:00:00Z'));
  });

  it('refuses an unknown claim, a claim of another case, an empty list, an unknown reason and a disputed claim — writing nothing', async () => {
    const { caseId, claimIds, agent, disputes } = await threeClaims('Bad Bertrand');
    const other = await threeClaims('Other Olivier');
    const before = await writes(caseId);
    expect(await refusal(disputes.raise(agent, raiseInput(caseId, [crypto.randomUUID()]), 'c'))).toEqual({
      code: 'invalid_input',
      fields: ['claimIds[0]'],
    });
    expect(await refusal(disputes.raise(agent, raiseInput(caseId, [other.claimIds[0]!]), 'c'))).toEqual({
      code: 'invalid_input',
      fields: ['claimIds[0]'],
    });
    expect(await refusal(disputes.raise(agent, raiseInput(caseId, []), 'c'))).toEqual({ code: 'invalid_input', fields: ['claimIds'] });
    expect(await refusal(disputes.raise(agent, raiseInput(caseId, [claimIds[0]!], { reason: 'too_dear', channel: 'fax' }), 'c'))).toEqual({
      code: 'invalid_input',
      fields: ['reason', 'channel'],
    });
    expect(await writes(caseId)).toEqual(before);
    await disputes.raise(agent, raiseInput(caseId, [claimIds[0]!]), 'c');
    const once = await writes(caseId);
    expect(await refusal(disputes.raise(agent, raiseInput(caseId, [claimIds[0]!, claimIds[1]!]), 'c'))).toMatchObject({ code: 'conflict' });
    expect(await writes(caseId)).toEqual(once);
  });

  it('counts the client’s own service level, set by the admin alone, in business days of the agency’s calendar', async () => {
    const { caseId, claimIds, agent, client, clientId, disputes } = await threeClaims('Level Lambert');
    expect(await disputes.answerDays(client, clientId)).toBe(10);
    expect(await refusal(disputes.setAnswerDays(agent, clientId, 3))).toMatchObject({ code: 'forbidden' });
    expect(await refusal(disputes.setAnswerDays(who('agency_admin'), clientId, 0))).toEqual({
      code: 'invalid_input',
      fields: ['businessDays'],
    });
    expect(await disputes.setAnswerDays(who('agency_admin'), clientId, 3)).toBe(3);
    expect(await disputes.answerDays(client, clientId)).toBe(3);
    expect(await disputes.answerDays(who('client_user', { clientId: crypto.randomUUID() }), clientId)).toBeNull();
    // Mon 10 Feb + 3 business days = Thu 13 Feb.
    expect((await disputes.raise(agent, raiseInput(caseId, [claimIds[0]!]), 'c')).answerDueOn).toBe('2025-02-13');
  });
});

describe('the walls', () => {
  it('lets a client user see and answer only its own client’s disputes, an agent only its brands’ cases, legal staff only read', async () => {
    const mine = await threeClaims('Wall Wouters');
    const theirs = await threeClaims('Wall Willems');
    const d = await mine.disputes.raise(mine.agent, raiseInput(mine.caseId, [mine.claimIds[0]!]), 'c');
    await theirs.disputes.raise(theirs.agent, raiseInput(theirs.caseId, [theirs.claimIds[0]!]), 'c');

    const listed = async (identity: Identity, q: Partial<Parameters<DisputesService['list']>[1]> = {}) =>
      (
        await mine.disputes.list(identity, { caseId: null, clientId: null, status: null, overdue: false, first: 50, after: null, ...q })
      ).nodes.map((x) => x.caseId);
    expect(await listed(mine.client)).toEqual([mine.caseId]);
    expect(await listed(mine.client, { clientId: theirs.clientId })).toEqual([]);
    expect(await listed(mine.agent)).toEqual([mine.caseId]);
    expect(await listed(who('legal'))).toEqual([]);
    expect(await mine.disputes.one(theirs.client, d.id)).toBeNull();
    expect(await mine.disputes.ofCase(theirs.agent, mine.caseId)).toEqual([]);

    // Postgres walls them off too, without any filter.
    const unfiltered = (identity: Identity) =>
      ds.transaction(async (m) => {
        await enterTenant(m, identity);
        return (await m.query(`SELECT case_id FROM cases.disputes`)).map((r: { case_id: string }) => r.case_id);
      });
    expect(await unfiltered(mine.client)).toEqual([mine.caseId]);
    expect(await unfiltered(theirs.agent)).toEqual([theirs.caseId]);

    const before = await writes(mine.caseId);
    expect(await refusal(mine.disputes.answer(theirs.client, d.id, { answer: 'not ours', outcome: 'upheld' }, 'c'))).toMatchObject({
      code: 'not_found',
    });
    expect(
      await refusal(mine.disputes.raise(theirs.client, raiseInput(mine.caseId, [mine.claimIds[1]!], { raisedBy: 'client' }), 'c')),
    ).toMatchObject({
      code: 'not_found',
    });
    expect(await refusal(mine.disputes.raise(theirs.agent, raiseInput(mine.caseId, [mine.claimIds[1]!]), 'c'))).toMatchObject({
      code: 'not_found',
    });
    expect(await refusal(mine.disputes.resolve(theirs.agent, d.id, { outcome: 'rejected', explanation: 'x' }, 'c'))).toMatchObject({
      code: 'not_found',
    });
    expect(await refusal(mine.disputes.raise(who('legal'), raiseInput(mine.caseId, [mine.claimIds[1]!]), 'c'))).toMatchObject({
      code: 'forbidden',
    });
    expect(await refusal(mine.disputes.answer(mine.agent, d.id, { answer: 'x' }, 'c'))).toMatchObject({ code: 'forbidden' });
    expect(await writes(mine.caseId)).toEqual(before);
  });
});

describe('collection while a dispute is open', () => {
  it('demands only the undisputed claims in the next letter; waits when every claim is disputed; the client’s rejection brings the claim back', async () => {
    const { caseId, claimIds, agent, client, disputes, clock } = await threeClaims('Journey Janssens');
    const d = await disputes.raise(agent, raiseInput(caseId, [claimIds[0]!]), 'c');
    const ctx = schedulerContext(clock);
    await schedulerPass(ds, ctx);
    const [first] = await requestedFor(ds, [caseId]);
    // €250 + €100: the disputed €400 is not asked for (nothing but principal before the first reminder's term).
    expect(first).toMatchObject({ kind: 'first_reminder', totalMinor: '35000' });
    const [request] = await events(caseId, 'CommunicationRequested');
    expect(request!.amounts).toMatchObject({ principalMinor: '35000', totalMinor: '35000' });

    // The client rejects the dispute: the claim is collected again.
    const answered = await disputes.answer(client, d.id, { answer: 'Delivered in perfect state, signed for.', outcome: 'rejected' }, 'c');
    expect(answered).toMatchObject({ status: 'resolved', resolution: { outcome: 'rejected', credits: [] }, answer: { late: false } });
    expect((await events(caseId, 'DisputeResolved'))[0]).toMatchObject({
      outcome: 'rejected',
      explanation: 'Delivered in perfect state, signed for.',
      language: 'fr',
    });
    expect(await refusal(disputes.answer(client, d.id, { answer: 'again', outcome: 'upheld' }, 'c'))).toMatchObject({ code: 'conflict' });
    const [c] = await ds.query(`SELECT last_contact_outcome FROM cases.cases WHERE id = $1`, [caseId]);
    expect(c.last_contact_outcome).toBeNull();
    // The formal notice, 21 days after the reminder went, asks for all three claims again.
    await markSent(ds, caseId, 'first_reminder', 'email', clock.now());
    clock.advance(22 * DAY);
    await schedulerPass(ds, ctx);
    const notice = (await events(caseId, 'CommunicationRequested'))[1];
    expect(notice).toMatchObject({ kind: 'formal_notice', amounts: { principalMinor: '75000' } });

    // Every claim disputed: the journey's next step does not go; it waits a day at a time.
    const all = await disputes.raise(agent, raiseInput(caseId, claimIds, { reason: 'not_my_debt', text: null }), 'c');
    clock.advance(30 * DAY);
    await schedulerPass(ds, ctx);
    expect(await requestedFor(ds, [caseId])).toHaveLength(2);
    const [j] = await ds.query(`SELECT status, next_step_at FROM cases.case_journeys WHERE case_id = $1`, [caseId]);
    expect(j.status).toBe('active');
    expect(j.next_step_at.getTime()).toBeGreaterThan(clock.now().getTime());

    // Upheld by the agency (the client agreed by phone): every claim credited, nothing left to demand.
    const upheld = await disputes.resolve(agent, all.id, { outcome: 'upheld', explanation: 'The client withdraws the claims.' }, 'c');
    expect(upheld.resolution?.credits.map((x) => x.amountMinor)).toEqual([40000n, 25000n, 10000n]);
    const credited = await ds.query(
      `SELECT credited_minor::text AS credited FROM cases.claims WHERE case_id = $1 ORDER BY invoice_number`,
      [caseId],
    );
    expect(credited.map((r: { credited: string }) => r.credited)).toEqual(['40000', '25000', '10000']);
    const [after] = await ds.query(`SELECT principal_minor::text AS principal, open_minor::text AS open FROM cases.cases WHERE id = $1`, [
      caseId,
    ]);
    expect(after).toEqual({ principal: '0', open: '0' });
  });

  it('partly upheld: the claim is corrected by the credit, and the next letter asks for the rest', async () => {
    const { caseId, claimIds, agent, client, disputes, clock } = await threeClaims('Credit Claes');
    const d = await disputes.raise(agent, raiseInput(caseId, [claimIds[0]!], { reason: 'wrong_amount' }), 'c');
    const bad = await refusal(
      disputes.answer(
        client,
        d.id,
        { answer: 'half', outcome: 'partly_upheld', credits: [{ claimId: claimIds[1]!, amountMinor: '100' }] },
        'c',
      ),
    );
    expect(bad).toEqual({ code: 'invalid_input', fields: ['credits[0].claimId'] });
    await disputes.answer(
      client,
      d.id,
      { answer: 'We invoiced one chair too many.', outcome: 'partly_upheld', credits: [{ claimId: claimIds[0]!, amountMinor: '15000' }] },
      'c',
    );
    const [claim] = await ds.query(`SELECT credited_minor::text AS credited FROM cases.claims WHERE id = $1`, [claimIds[0]]);
    expect(claim.credited).toBe('15000');
    await schedulerPass(ds, schedulerContext(clock));
    // €400 − €150 + €250 + €100.
    expect((await requestedFor(ds, [caseId]))[0]).toMatchObject({ totalMinor: '60000' });
    expect((await events(caseId, 'DisputeResolved'))[0]).toMatchObject({
      outcome: 'partly_upheld',
      credits: [{ claimId: claimIds[0], amountMinor: '15000' }],
    });
  });

  it('keeps the case from legal while a dispute is open, and lets it go once resolved', async () => {
    const { caseId, claimIds, agent, disputes, clock } = await threeClaims('Legal Lemmens');
    await schedulerPass(ds, schedulerContext(clock)); // its first step: placed → amicable
    const d = await disputes.raise(agent, raiseInput(caseId, [claimIds[2]!]), 'c');
    const file = caseFile(clock);
    const before = await writes(caseId);
    expect(await refusal(file.changePhase(agent, caseId, 'legal_review', 'no reaction', 'c'))).toMatchObject({ code: 'legally_refused' });
    expect(await writes(caseId)).toEqual(before);
    await disputes.resolve(agent, d.id, { outcome: 'rejected', explanation: 'Unfounded: delivered and signed for.' }, 'c');
    expect(await file.changePhase(agent, caseId, 'legal_review', 'no reaction', 'c')).toMatchObject({ phase: 'legal_review' });
  });

  it('lists a dispute whose answer is overdue for the agency, and puts its case before the agent then', async () => {
    const { caseId, claimIds, agent, client, disputes, clock } = await threeClaims('Late Leclercq');
    const d = await disputes.raise(agent, raiseInput(caseId, [claimIds[0]!]), 'c');
    const overdue = async () =>
      (await disputes.list(who('agency_admin'), { caseId, clientId: null, status: null, overdue: true, first: 10, after: null })).nodes.map(
        (x) => x.id,
      );
    expect(await overdue()).toEqual([]);
    clock.advance(15 * DAY); // past Mon 24 Feb
    expect(await overdue()).toEqual([d.id]);
    expect(disputes.view((await disputes.one(agent, d.id))!).overdue).toBe(true);
    const [c] = await ds.query(`SELECT next_action_at FROM cases.cases WHERE id = $1`, [caseId]);
    expect(c.next_action_at.getTime()).toBeLessThanOrEqual(clock.now().getTime());
    // A late answer without an outcome: back with the agency, marked late.
    const answered = await disputes.answer(client, d.id, { answer: 'Sorry for the delay — we are checking.' }, 'c');
    expect(answered).toMatchObject({ status: 'open', answer: { late: true, proposedOutcome: null } });
    expect(await overdue()).toEqual([]);
  });
});

describe('a call logged with a dispute', () => {
  it('opens a dispute of the debtor’s on every open claim, once however often the call comes', async () => {
    const { caseId, claimIds, disputes, clientId } = await threeClaims('Call Cools');
    const call: CallLoggedV1 = {
      callId: crypto.randomUUID(),
      caseId,
      clientId,
      agentId: 'agent-1',
      number: '+32470123456',
      direction: 'inbound',
      outcome: 'dispute_raised',
      at: '2025-02-10T09:30:00.000Z',
      promise: null,
      callBackAt: null,
      note: null,
    };
    const d = await ds.transaction((m) => disputes.raiseFromCall(m, call, 'c'));
    expect(d).toMatchObject({
      reason: 'other',
      text: 'raised on a call',
      raisedBy: 'debtor',
      channel: 'phone',
      recordedBy: `system:call:${call.callId}`,
    });
    expect([...d!.claimIds].sort()).toEqual([...claimIds].sort());
    expect(await ds.transaction((m) => disputes.raiseFromCall(m, call, 'c'))).toBeNull();
    expect(await count(`SELECT count(*) AS n FROM cases.disputes WHERE case_id = $1`, [caseId])).toBe(1);
  });
});
