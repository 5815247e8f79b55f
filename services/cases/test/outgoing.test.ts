import type { DataSource } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import { schedulerPass } from '../src/journeys/journey-scheduler';
import { outgoingOn } from '../src/journeys/outgoing';
import { scopeSql } from '../src/case-file/case-listing';
import { caseScope } from '../src/tenancy/tenant';
import { JourneysService } from '../src/journeys/journeys.service';
import { ScenariosService } from '../src/scenarios/scenarios.service';
import { TenantDatabase } from '../src/tenancy/tenant-database';
import { freshCasesDatabase, seedClient } from './database';
import { who } from './identities';
import { markSent, placeDebtors, requestedFor, schedulerContext, testClock } from './journeys';

/**
 * What goes out today and a case's journey, on real Postgres under row-level security: the
 * plans the scheduler would apply, read without writing anything, behind the tenants' walls.
 */
let ds: DataSource;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ ds, drop } = await freshCasesDatabase('outgoing'));
});
afterAll(() => drop());

const admin = who('agency_admin');
const journeys = (clock: Clock) => new JourneysService(new TenantDatabase(ds), clock, { AMICUS_AGENCY_REGISTRATION: '0123.456.789' });

/** The client's own scenario, agreed and active: the formal notice goes by e-mail, so the contact window applies to it. */
async function emailNoticeScenario(clientId: string): Promise<void> {
  const scenarios = new ScenariosService(new TenantDatabase(ds), new Clock('Europe/Brussels'));
  const created = await scenarios.create(admin, {
    clientId,
    name: 'Notice by e-mail',
    steps: [
      { key: 'first-reminder', kind: 'first_reminder', channel: 'preferred', delayDays: 0, anchor: 'placement' },
      { key: 'formal-notice', kind: 'formal_notice', channel: 'email', delayDays: 21, anchor: 'previous_step' },
    ],
  });
  await scenarios.approve(who('client_user', { clientId }), created.versions[0]!.id);
  await scenarios.activate(admin, created.versions[0]!.id);
}

/** Everything the scheduler writes: the journeys, the executions, the history, the outbox, the cases. */
async function everything(): Promise<unknown> {
  const all = (sql: string) => ds.query(sql);
  return {
    journeys: await all(`SELECT * FROM cases.case_journeys ORDER BY case_id`),
    executions: await all(`SELECT * FROM cases.step_executions ORDER BY case_id, step_key`),
    audit: await all(`SELECT count(*)::int AS n FROM cases.audit_entries`),
    outbox: await all(`SELECT count(*)::int AS n FROM cases.outbox`),
    cases: await all(`SELECT id, phase, version, next_action_at, updated_at FROM cases.cases ORDER BY id`),
  };
}

describe('what goes out today', () => {
  it('lists a placed case’s free first reminder with its amounts and the legal answer, counts it, and writes nothing', async () => {
    const clock = testClock('2025-02-10T09:00:00Z');
    const { clientId, brandIds } = await seedClient(ds);
    const [caseId] = await placeDebtors(ds, clientId, ['Anna Claes'], clock.now());
    const before = await everything();

    const out = await journeys(clock).outgoing(admin, { date: '2025-02-10', clientId });
    expect(out.date).toBe('2025-02-10');
    expect(out.heldBack).toEqual([]);
    expect(out.goingOut).toHaveLength(1);
    const [reminder] = out.goingOut;
    expect(reminder).toMatchObject({
      caseId,
      clientId,
      brandId: brandIds[0],
      debtorName: 'Anna Claes',
      scenarioName: 'Belgium — consumers',
      channel: 'preferred',
      step: { key: 'first-reminder', kind: 'first_reminder' },
      amounts: { currency: 'EUR', principalMinor: '40000', damagesMinor: '0', paidMinor: '0', totalMinor: '40000' },
      decision: { allowed: true, earliestAt: null },
    });
    expect(out.counts).toEqual([{ channel: 'preferred', count: 1 }]);
    expect(await everything()).toEqual(before);

    // The pass then does exactly that.
    await schedulerPass(ds, schedulerContext(clock));
    expect(await requestedFor(ds, [caseId!])).toEqual([expect.objectContaining({ kind: 'first_reminder', totalMinor: '40000' })]);
    expect((await journeys(clock).outgoing(admin, { date: '2025-02-10', clientId })).goingOut).toEqual([]);
  });

  it('lists a formal notice the law refuses until a later instant, with its rule and the instant from which it may', async () => {
    const clock = testClock('2025-02-10T09:00:00Z');
    const { clientId } = await seedClient(ds);
    await emailNoticeScenario(clientId);
    const [caseId] = await placeDebtors(ds, clientId, ['Bert Maes'], clock.now());
    await schedulerPass(ds, schedulerContext(clock));
    await markSent(ds, caseId!, 'first_reminder', 'email', clock.now());
    // The notice falls due at midnight on 3 March; at 06:00 in Brussels no e-mail may go to a consumer yet.
    const early = testClock('2025-03-03T05:00:00Z');
    const before = await everything();

    const out = await journeys(early).outgoing(admin, { clientId });
    expect(out.date).toBe('2025-03-03');
    expect(out.goingOut).toEqual([]);
    expect(out.counts).toEqual([]);
    expect(out.heldBack).toEqual([
      expect.objectContaining({
        caseId,
        outcome: 'wait',
        scenarioName: 'Notice by e-mail',
        step: expect.objectContaining({ key: 'formal-notice', kind: 'formal_notice', channel: 'email' }),
        rule: 'BE-A-4',
        earliestAt: '2025-03-03T07:00:00.000Z',
      }),
    ]);
    expect(await everything()).toEqual(before);

    // From that instant it goes out, with the damages the law allows by then (the reminder's term has run).
    const later = await journeys(testClock('2025-03-03T07:00:00Z')).outgoing(admin, { clientId });
    expect(later.heldBack).toEqual([]);
    expect(later.goingOut).toEqual([
      expect.objectContaining({
        caseId,
        channel: 'email',
        template: 'formal_notice',
        decision: expect.objectContaining({ allowed: true }),
      }),
    ]);
    expect(later.goingOut[0]!.amounts!.damagesMinor).toBe('5500');
    expect(later.counts).toEqual([{ channel: 'email', count: 1 }]);
  });

  it('lists a call task on the phone, judged as a call (the contact window), not as a letter', async () => {
    const clock = testClock('2025-02-10T09:00:00Z');
    const { clientId } = await seedClient(ds);
    const [caseId] = await placeDebtors(ds, clientId, ['Hilde Call'], clock.now());
    await schedulerPass(ds, schedulerContext(clock));
    await markSent(ds, caseId!, 'first_reminder', 'letter', clock.now());
    clock.advance(21 * 86_400_000);
    await schedulerPass(ds, schedulerContext(clock));
    await markSent(ds, caseId!, 'formal_notice', 'letter', clock.now());
    // The call falls due at midnight on 10 March; at 10:00 in Brussels the agent may call.
    const out = await journeys(testClock('2025-03-10T09:00:00Z')).outgoing(admin, { clientId });
    expect(out.heldBack).toEqual([]);
    expect(out.goingOut).toEqual([
      expect.objectContaining({
        caseId,
        channel: 'phone',
        template: null,
        step: expect.objectContaining({ key: 'call', kind: 'call_task' }),
      }),
    ]);
    expect(out.goingOut[0]!.decision).toMatchObject({ allowed: true });
    expect(out.counts).toEqual([{ channel: 'phone', count: 1 }]);
  });

  it('names the stop and the pause: a closed case, a case on hold until its end', async () => {
    const clock = testClock('2025-02-10T09:00:00Z');
    const { clientId } = await seedClient(ds);
    const [held, closed] = await placeDebtors(ds, clientId, ['Carla Held', 'Dirk Closed'], clock.now());
    await ds.query(`UPDATE cases.cases SET hold_until = '2025-02-20', hold_reason = 'client asked' WHERE id = $1`, [held]);
    await ds.query(`UPDATE cases.cases SET phase = 'closed', outcome = 'paid', closed_at = now() WHERE id = $1`, [closed]);
    const out = await journeys(clock).outgoing(admin, { clientId });
    expect(out.goingOut).toEqual([]);
    const byCase = new Map(out.heldBack.map((h) => [h.caseId, h]));
    expect(byCase.get(held!)).toMatchObject({
      outcome: 'pause',
      reason: 'on hold until 2025-02-20',
      earliestAt: '2025-02-19T23:00:00.000Z',
    });
    expect(byCase.get(closed!)).toMatchObject({ outcome: 'stop', reason: 'the case is closed', earliestAt: null, rule: null });
  });

  it('keeps within the caller’s walls: a client’s user sees its own, never another client’s, and legal staff see none', async () => {
    const clock = testClock('2025-02-10T09:00:00Z');
    const a = await seedClient(ds);
    const b = await seedClient(ds);
    const [ofA] = await placeDebtors(ds, a.clientId, ['Eva of A'], clock.now());
    await placeDebtors(ds, b.clientId, ['Frank of B'], clock.now());
    const service = journeys(clock);
    const casesOf = async (identity: Identity, args: { clientId?: string; brandId?: string } = {}) =>
      (await service.outgoing(identity, args)).goingOut.map((g) => g.caseId);

    const userOfB = who('client_user', { clientId: b.clientId });
    expect(await casesOf(userOfB)).not.toContain(ofA);
    expect(await casesOf(userOfB, { clientId: a.clientId })).toEqual([]);
    expect(await casesOf(who('client_user', { clientId: a.clientId }))).toEqual([ofA]);
    expect(await casesOf(who('agent', { brandIds: [a.brandIds[0]!] }))).toEqual([ofA]);
    expect(await casesOf(who('agent', { brandIds: [b.brandIds[0]!] }))).not.toContain(ofA);
    expect(await casesOf(who('legal'))).toEqual([]);
    expect(await casesOf(admin, { brandId: a.brandIds[0]! })).toEqual([ofA]);
  });

  it('reads the due journeys a page at a time: the same list, in due order, whatever the page size, another client’s journeys in the pages not listed', async () => {
    const clock = testClock('2025-02-10T09:00:00Z');
    const a = await seedClient(ds);
    const b = await seedClient(ds);
    // Placed a minute apart, interleaved: a page of A's listing holds B's journeys too.
    for (let i = 0; i < 3; i++) {
      await placeDebtors(ds, a.clientId, [`Paged A${i}`], new Date(clock.now().getTime() - (6 - 2 * i) * 60_000));
      await placeDebtors(ds, b.clientId, [`Paged B${i}`], new Date(clock.now().getTime() - (5 - 2 * i) * 60_000));
    }
    const listing = (clientId: string | null, pageSize?: number) =>
      new TenantDatabase(ds).run(admin, async (m) => {
        const q = { date: '2025-02-10', clientId, brandId: null, scope: (p: unknown[]) => scopeSql(caseScope(admin), p), pageSize };
        const out = await outgoingOn(m, schedulerContext(clock), q, clock.now());
        return [...out.goingOut, ...out.heldBack].map((g) => g.caseId);
      });
    const whole = await listing(null);
    expect(whole.length).toBeGreaterThanOrEqual(6);
    for (const size of [1, 2, 5]) expect(await listing(null, size)).toEqual(whole);
    const ofA = await listing(a.clientId);
    expect(ofA).toHaveLength(3);
    for (const size of [1, 2]) expect(await listing(a.clientId, size)).toEqual(ofA);
  });

  it('answers bad input naming the field', async () => {
    const service = journeys(testClock('2025-02-10T09:00:00Z'));
    await expect(service.outgoing(admin, { date: '2025-02-30' })).rejects.toMatchObject({
      code: 'invalid_input',
      problems: [{ field: 'date', reason: expect.stringMatching(/YYYY-MM-DD/) }],
    });
    await expect(service.outgoing(admin, { clientId: 'acme', brandId: 'b-1' })).rejects.toMatchObject({
      problems: [
        { field: 'clientId', reason: 'is not an id' },
        { field: 'brandId', reason: 'is not an id' },
      ],
    });
  });
});

describe('the case’s journey', () => {
  it('shows its scenario and version, the steps done with the communication each requested, the next step and the refusals', async () => {
    const clock = testClock('2025-02-10T09:00:00Z');
    const { clientId } = await seedClient(ds);
    await emailNoticeScenario(clientId);
    const [caseId] = await placeDebtors(ds, clientId, ['Gert Peeters'], clock.now());
    const service = journeys(clock);
    expect(await service.journey(admin, caseId!)).toMatchObject({ status: 'new', stepsDone: [], refusals: [], next: { step: null } });

    await schedulerPass(ds, schedulerContext(clock));
    const [request] = await requestedFor(ds, [caseId!]);
    const after = await service.journey(admin, caseId!);
    expect(after).toMatchObject({ status: 'active', scenarioName: 'Notice by e-mail', scenarioVersion: 1, refusals: [] });
    expect(after!.stepsDone).toEqual([
      expect.objectContaining({ stepKey: 'first-reminder', kind: 'first_reminder', attempt: 1, requestId: request!.requestId }),
    ]);
    expect(after!.stepsDone[0]!.decision).toMatchObject({ allowed: true });
    expect(after!.next).toEqual({ step: expect.objectContaining({ key: 'formal-notice' }), dueAt: new Date('2025-03-02T23:00:00.000Z') });

    await markSent(ds, caseId!, 'first_reminder', 'email', clock.now());
    const early = testClock('2025-03-03T05:00:00Z');
    await schedulerPass(ds, schedulerContext(early));
    const refused = await journeys(early).journey(admin, caseId!);
    expect(refused!.refusals).toEqual([
      expect.objectContaining({ kind: 'refused', stepKey: 'formal-notice', rule: 'BE-A-4', earliestAt: '2025-03-03T07:00:00.000Z' }),
    ]);
    expect(refused!.next).toEqual({ step: expect.objectContaining({ key: 'formal-notice' }), dueAt: new Date('2025-03-03T07:00:00.000Z') });

    // Behind the walls: another client's user sees no journey, the case's own client does.
    const other = await seedClient(ds);
    expect(await service.journey(who('client_user', { clientId: other.clientId }), caseId!)).toBeNull();
    expect(await service.journey(who('client_user', { clientId }), caseId!)).toMatchObject({ status: 'active' });
    expect(await service.journey(admin, 'not-a-case')).toBeNull();
  });
});
