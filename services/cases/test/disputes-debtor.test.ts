import type { DataSource } from 'typeorm';
import type { Clock } from '@amicus/calendar';
import { LookupGuard, type LookupLimits } from '@amicus/service-runtime';
import { DisputesService } from '../src/disputes/disputes.service';
import { schedulerPass } from '../src/journeys/journey-scheduler';
import { importPlacement } from '../src/placements/placement-import';
import { apiHeader, apiMapping, apiRecords } from '../src/placements/placement-input';
import { PayLinksService } from '../src/pay-links/pay-links.service';
import { TenantDatabase } from '../src/tenancy/tenant-database';
import { freshCasesDatabase, seedClient } from './database';
import { who } from './identities';
import { outbox, requestedFor, schedulerContext, testClock } from './journeys';
import { refusal } from './refusals';

/**
 * The debtor's own disputes on real Postgres: raised from its page by the pay link's token alone
 * (that case only, rate-limited like the statement), its disputed claim left out of what the page
 * asks for, the dispute shown there with its status; a case whose open claims disputes credited
 * in full closes as settled and its journey stops.
 */
let ds: DataSource;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ ds, drop } = await freshCasesDatabase('disputes_debtor'));
});
afterAll(() => drop());

const REGISTRATION = { AMICUS_AGENCY_REGISTRATION: '0123.456.789' };
const generous: LookupLimits = { failures: { points: 100_000, durationSeconds: 600 }, lookups: { points: 100_000, durationSeconds: 600 } };
const address = () => `198.51.100.7:${crypto.randomUUID()}`;

function services(clock: Clock, limits: LookupLimits = generous) {
  const tenant = new TenantDatabase(ds);
  const links = new PayLinksService(tenant, { schema: 'cases', topicPrefix: '' }, clock, REGISTRATION, new LookupGuard(limits));
  return { links, disputes: new DisputesService(tenant, { schema: 'cases', topicPrefix: '' }, clock, links) };
}

const events = async (caseId: string, type: string) =>
  (await ds.query(`SELECT envelope FROM cases.outbox WHERE key = $1 AND type = $2 ORDER BY seq`, [caseId, type])).map(
    (r: { envelope: { payload: Record<string, unknown> } }) => r.envelope.payload,
  );
const disputeCount = async (caseId: string) =>
  Number((await ds.query(`SELECT count(*)::int AS n FROM cases.disputes WHERE case_id = $1`, [caseId]))[0].n);

/** A client's BE consumer case of three claims (€400, €250, €100, due 31 Jan) placed on 10 Feb 2025, with its pay link's token. */
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
    language: 'nl',
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
  const claims: { id: string }[] = await ds.query(`SELECT id FROM cases.claims WHERE case_id = $1 ORDER BY invoice_number`, [caseId]);
  const [opened] = await events(caseId, 'CaseOpened');
  const token = (opened!.payLink as { token: string }).token;
  return { clock, clientId, caseId: caseId as string, claimIds: claims.map((c) => c.id), token, brandIds, ...services(clock) };
}

describe('the debtor disputes a claim from its page', () => {
  it('leaves the disputed claim out of what the page asks for, marks it disputed and shows the dispute awaiting the client', async () => {
    const { token, claimIds, caseId, links, disputes } = await threeClaims('Anna Peeters');
    const before = await links.statement(token, address());
    expect(before.claims.every((c) => !c.disputed)).toBe(true);
    expect(before.disputes).toEqual([]);

    const d = await disputes.raiseByLink(
      token,
      { claimIds: [claimIds[0]!], reason: 'not_received', text: 'Nooit geleverd.' },
      address(),
      'c-1',
    );
    expect(d).toMatchObject({ caseId, claimIds: [claimIds[0]], raisedBy: 'debtor', channel: 'debtor_page', status: 'awaiting_client' });

    const after = await links.statement(token, address());
    expect(after.claims.map((c) => c.disputed)).toEqual([true, false, false]);
    expect(after.statement.principalMinor).toBe('35000');
    expect(after.statement.lines.some((l) => l.claimId === claimIds[0])).toBe(false);
    expect(BigInt(before.totalDueMinor) - BigInt(after.totalDueMinor) >= 40000n).toBe(true);
    expect(after.totalDueMinor).toBe(after.statement.totalMinor);
    expect(after.disputes).toEqual([
      expect.objectContaining({
        id: d.id,
        claimIds: [claimIds[0]],
        invoiceNumbers: ['INV-Anna Peeters-1'],
        reason: 'not_received',
        text: 'Nooit geleverd.',
        status: 'awaiting_client',
        outcome: null,
      }),
    ]);
    const [raised] = await events(caseId, 'DisputeRaised');
    expect(raised).toMatchObject({ disputeId: d.id, raisedBy: 'debtor', channel: 'debtor_page', actor: 'system:debtor_page' });
    const [audit] = await ds.query(`SELECT actor_kind, actor_id FROM cases.audit_entries WHERE case_id = $1 AND action = 'dispute_raise'`, [
      caseId,
    ]);
    expect(audit).toEqual({ actor_kind: 'system', actor_id: 'debtor_page' });
  });

  it('refuses a token that opens nothing, a claim of another case, an unknown reason and a second dispute of one claim — writing nothing', async () => {
    const mine = await threeClaims('Bart Claes');
    const theirs = await threeClaims('Carla Dewulf');
    const ask = (token: string, claimIds: string[], reason = 'billing_error', text: string | null = null) =>
      refusal(mine.disputes.raiseByLink(token, { claimIds, reason, text }, address(), 'c'));

    expect(await ask('A'.repeat(22), [mine.claimIds[0]!])).toEqual({ code: 'not_found', fields: [] });
    expect(await ask('not a token', [mine.claimIds[0]!])).toEqual({ code: 'not_found', fields: [] });
    // The other debtor's token opens its own case only: this case's claim is none of its claims.
    expect(await ask(theirs.token, [mine.claimIds[0]!])).toEqual({ code: 'invalid_input', fields: ['claimIds[0]'] });
    expect(await ask(mine.token, [mine.claimIds[0]!], 'too_dear')).toEqual({ code: 'invalid_input', fields: ['reason'] });
    expect(await ask(mine.token, [mine.claimIds[0]!], 'other')).toEqual({ code: 'invalid_input', fields: ['text'] });
    expect(await ask(mine.token, [])).toEqual({ code: 'invalid_input', fields: ['claimIds'] });
    expect(await disputeCount(mine.caseId)).toBe(0);
    expect(await disputeCount(theirs.caseId)).toBe(0);

    await mine.disputes.raiseByLink(mine.token, { claimIds: [mine.claimIds[1]!], reason: 'already_paid' }, address(), 'c');
    expect(await ask(mine.token, [mine.claimIds[1]!])).toMatchObject({ code: 'conflict' });
    expect(await disputeCount(mine.caseId)).toBe(1);

    // A revoked link opens nothing either.
    await ds.query(`UPDATE cases.pay_links SET revoked_at = now() WHERE case_id = $1`, [mine.caseId]);
    expect(await ask(mine.token, [mine.claimIds[2]!])).toEqual({ code: 'not_found', fields: [] });
    expect(await disputeCount(mine.caseId)).toBe(1);
  });

  it('is rate-limited per address like the statement: after the failures allowed, even a good token is refused', async () => {
    const { token, claimIds, caseId, clock } = await threeClaims('Dirk Maes');
    const { disputes } = services(clock, { failures: { points: 2, durationSeconds: 600 }, lookups: { points: 100, durationSeconds: 600 } });
    const from = address();
    for (let i = 0; i < 2; i++)
      expect(await refusal(disputes.raiseByLink('B'.repeat(22), { claimIds, reason: 'billing_error' }, from, 'c'))).toMatchObject({
        code: 'not_found',
      });
    const e = await disputes.raiseByLink(token, { claimIds: [claimIds[0]!], reason: 'billing_error' }, from, 'c').catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'too_many_requests', details: { retryAfterSeconds: expect.any(Number) } });
    expect(await disputeCount(caseId)).toBe(0);
    // Another address is not held back.
    await disputes.raiseByLink(token, { claimIds: [claimIds[0]!], reason: 'billing_error' }, address(), 'c');
    expect(await disputeCount(caseId)).toBe(1);
  });
});

describe('a case its disputes credited in full', () => {
  it('closes as settled when the last open claim is credited to nothing: no more to pay on its page, its journey stops', async () => {
    const { token, claimIds, caseId, links, disputes, clientId, clock } = await threeClaims('Eva Janssens');
    const client = who('client_user', { clientId });
    const first = await disputes.raiseByLink(token, { claimIds: [claimIds[0]!, claimIds[1]!], reason: 'not_my_debt' }, address(), 'c');
    const second = await disputes.raiseByLink(token, { claimIds: [claimIds[2]!], reason: 'already_paid' }, address(), 'c');

    await disputes.answer(client, first.id, { answer: 'Indeed not theirs.', outcome: 'upheld' }, 'c');
    // Two of three claims credited: the case goes on for the third.
    let [row] = await ds.query(`SELECT phase, outcome FROM cases.cases WHERE id = $1`, [caseId]);
    expect(row).toEqual({ phase: 'placed', outcome: null });
    expect(await events(caseId, 'CaseClosed')).toEqual([]);

    await disputes.answer(client, second.id, { answer: 'Paid to us directly.', outcome: 'upheld' }, 'c');
    [row] = await ds.query(`SELECT phase, outcome, close_reason FROM cases.cases WHERE id = $1`, [caseId]);
    expect(row).toMatchObject({ phase: 'closed', outcome: 'settled', close_reason: expect.stringMatching(/credited in full/) });
    expect(await events(caseId, 'CaseClosed')).toEqual([
      expect.objectContaining({ caseId, outcome: 'settled', balanceMinor: '0', actor: 'system:disputes' }),
    ]);
    const [audit] = await ds.query(`SELECT actor_kind, action FROM cases.audit_entries WHERE case_id = $1 AND action = 'close'`, [caseId]);
    expect(audit).toEqual({ actor_kind: 'system', action: 'close' });
    // Its journey stops: the scheduler asks for no letter on it, this day or a month on.
    await schedulerPass(ds, schedulerContext(clock));
    clock.advance(30 * 86_400_000);
    await schedulerPass(ds, schedulerContext(clock));
    expect(await requestedFor(ds, [caseId])).toEqual([]);

    const page = await links.statement(token, address());
    expect(page).toMatchObject({ closed: true, outcome: 'settled', paid: false, totalDueMinor: '0', claims: [] });
    expect(page.disputes.map((d) => [d.status, d.outcome])).toEqual([
      ['resolved', 'upheld'],
      ['resolved', 'upheld'],
    ]);
  });
});

describe('the client’s answer overdue', () => {
  it('reminds the client’s users the day after it was due, and escalates to the account manager a service level later', async () => {
    const { token, claimIds, caseId, disputes, clientId, clock } = await threeClaims('Frank Overdue');
    await ds.query(
      `INSERT INTO cases.users (id, email, password_hash, role, client_id) VALUES ($1, $2, 'x', 'client_user', $3), ($4, $5, 'x', 'client_user', $3)`,
      [crypto.randomUUID(), `ana-${clientId}@client.example`, clientId, crypto.randomUUID(), `gone-${clientId}@client.example`],
    );
    await ds.query(`UPDATE cases.users SET disabled_at = now() WHERE email = $1`, [`gone-${clientId}@client.example`]);
    const d = await disputes.raiseByLink(token, { claimIds: [claimIds[1]!], reason: 'poor_quality' }, address(), 'c');
    // Mon 10 Feb 2025 + 10 business days: due Mon 24 Feb; escalated after Mon 10 Mar.
    expect(d.answerDueOn).toBe('2025-02-24');
    const overdue = (): Promise<Record<string, unknown>[]> => events(caseId, 'DisputeAnswerOverdue');
    const at = async (iso: string) => {
      clock.advance(Date.parse(iso) - clock.now().getTime());
      await schedulerPass(ds, schedulerContext(clock));
    };

    await at('2025-02-24T12:00:00Z');
    expect(await overdue()).toEqual([]);
    await at('2025-02-25T07:00:00Z');
    expect(await overdue()).toEqual([
      expect.objectContaining({
        disputeId: d.id,
        stage: 'reminder',
        answerDueOn: '2025-02-24',
        escalatesOn: '2025-03-10',
        invoiceNumbers: ['INV-Frank Overdue-2'],
        recipients: [{ email: `ana-${clientId}@client.example` }],
      }),
    ]);
    await at('2025-02-26T07:00:00Z');
    await at('2025-03-10T12:00:00Z');
    expect((await overdue()).map((e) => e.stage)).toEqual(['reminder']);
    const admin = who('agency_admin');
    expect(
      (await disputes.list(admin, { caseId, clientId: null, status: null, overdue: false, escalated: true, first: 10, after: null })).nodes,
    ).toEqual([]);

    await at('2025-03-11T07:00:00Z');
    expect((await overdue()).map((e) => [e.stage, e.recipients])).toEqual([
      ['reminder', [{ email: `ana-${clientId}@client.example` }]],
      ['escalated', []],
    ]);
    const listed = await disputes.list(admin, {
      caseId,
      clientId: null,
      status: null,
      overdue: false,
      escalated: true,
      first: 10,
      after: null,
    });
    expect(listed.nodes.map((x) => [x.id, !!x.remindedAt, !!x.escalatedAt])).toEqual([[d.id, true, true]]);
    const actions = await ds.query(`SELECT action FROM cases.audit_entries WHERE case_id = $1 AND action LIKE 'dispute_%' ORDER BY seq`, [
      caseId,
    ]);
    expect(actions.map((a: { action: string }) => a.action)).toEqual(['dispute_raise', 'dispute_reminder', 'dispute_escalated']);
    // Answered late: no more chasing.
    await disputes.answer(who('client_user', { clientId }), d.id, { answer: 'Sorry for the delay: rejected.', outcome: 'rejected' }, 'c');
    await at('2025-04-01T07:00:00Z');
    expect(await overdue()).toHaveLength(2);
  });
});
