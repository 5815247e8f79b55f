import type { DataSource } from 'typeorm';
import type { Clock } from '@amicus/calendar';
import type { CallLoggedV1, EventEnvelope } from '@amicus/events';
import type { Messaging } from '@amicus/service-runtime';
import type { EntityManager } from 'typeorm';
import { schedulerPass } from '../src/journeys/journey-scheduler';
import { PLAN_KEPT } from '../src/journeys/journey';
import { LookupGuard } from '@amicus/service-runtime';
import { CaseFileService } from '../src/case-file/case-file.service';
import { CaseReadsService } from '../src/case-file/case-reads.service';
import { PayLinksService } from '../src/pay-links/pay-links.service';
import { PlansService } from '../src/plans/plans.service';
import { TenantDatabase } from '../src/tenancy/tenant-database';
import { freshCasesDatabase, seedClient } from './database';
import { who } from './identities';
import { markSent, outbox, placeDebtors, requestedFor, schedulerContext, testClock } from './journeys';
import { paymentsService } from './money';
import { refusal } from './refusals';

/**
 * Payment plans and promises on real Postgres, under the walls: a plan within the client's
 * limits agreed at once and the journey waiting while payments keep it; one outside them waiting
 * for the agency or the client's own user; a missed instalment past its grace days breaking the
 * plan and the journey going on from the step it stopped at; a promise pausing the journey until
 * the day after its date, kept or broken (counted on the case); wrong tenants refused.
 */
let ds: DataSource;
let drop: () => Promise<void>;
const DAY = 86_400_000;

beforeAll(async () => {
  ({ ds, drop } = await freshCasesDatabase('plans'));
});
afterAll(() => drop());

const admin = who('agency_admin');
const runtime = { schema: 'cases', topicPrefix: '' };
const plansService = (clock: Clock) =>
  new PlansService(
    new TenantDatabase(ds),
    runtime,
    clock,
    new PayLinksService(new TenantDatabase(ds), runtime, clock, { AMICUS_AGENCY_REGISTRATION: '0123.456.789' }, new LookupGuard()),
  );

/** A BE consumer case of €400 placed on Mon 10 Feb 2025, its first reminder sent that day (the formal notice falls due on 3 March). */
async function remindedCase(name: string) {
  const clock = testClock('2025-02-10T09:00:00Z');
  const { clientId, brandIds } = await seedClient(ds);
  const [caseId] = await placeDebtors(ds, clientId, [name], clock.now());
  await schedulerPass(ds, schedulerContext(clock));
  expect(await kinds(caseId!)).toEqual(['first_reminder']);
  await markSent(ds, caseId!, 'first_reminder', 'email', clock.now());
  clock.advance(DAY); // Tue 11 Feb
  return {
    clock,
    clientId,
    caseId: caseId!,
    ctx: schedulerContext(clock),
    plans: plansService(clock),
    payments: paymentsService(ds, clock),
    agent: who('agent', { brandIds }),
    client: who('client_user', { clientId }),
  };
}

const at = (clock: Clock, instant: string) => clock.advance(Date.parse(instant) - clock.now().getTime());
const events = async (caseId: string, type: string): Promise<Record<string, unknown>[]> =>
  (await ds.query(`SELECT envelope FROM cases.outbox WHERE key = $1 AND type = $2 ORDER BY seq`, [caseId, type])).map(
    (r: { envelope: { payload: Record<string, unknown> } }) => r.envelope.payload,
  );
const actions = async (caseId: string) =>
  ((await ds.query(`SELECT action FROM cases.audit_entries WHERE case_id = $1 ORDER BY seq`, [caseId])) as { action: string }[]).map(
    (a) => a.action,
  );
const journey = async (caseId: string) =>
  (await ds.query(`SELECT status, next_step_key, next_step_at, reason FROM cases.case_journeys WHERE case_id = $1`, [caseId]))[0];
const caseRow = async (caseId: string) =>
  (
    await ds.query(
      `SELECT phase, outcome, open_minor::text AS open, broken_promises, last_contact_outcome, priority_score::text AS score, next_action_at
         FROM cases.cases WHERE id = $1`,
      [caseId],
    )
  )[0];
const kinds = async (caseId: string) => (await requestedFor(ds, [caseId])).map((r) => r.kind);
const twoInstalments = (first: string, second: string) => ({
  instalments: [
    { dueOn: first, amountMinor: '20000' },
    { dueOn: second, amountMinor: '20000' },
  ],
});

describe('a payment plan within the client’s limits', () => {
  it('is agreed at once; the journey waits while payments keep it; paid, it completes and the journey goes on for what the law let run meanwhile', async () => {
    const { clock, caseId, ctx, plans, payments, agent } = await remindedCase('Plan Peeters');
    const view = await plans.propose(agent, caseId, twoInstalments('2025-02-20', '2025-03-20'), 'c-1');
    expect(view.plan).toMatchObject({ status: 'agreed', agreement: 'within_limits', totalMinor: 40000n, graceDays: 5, outsideLimits: [] });
    expect(await events(caseId, 'PaymentPlanAgreed')).toEqual([
      expect.objectContaining({
        planId: view.plan.id,
        totalMinor: '40000',
        agreement: 'within_limits',
        instalments: [
          { seq: 1, dueOn: '2025-02-20', amountMinor: '20000', downPayment: false },
          { seq: 2, dueOn: '2025-03-20', amountMinor: '20000', downPayment: false },
        ],
      }),
    ]);
    expect(await actions(caseId)).toContain('payment_plan_proposed');
    expect((await caseRow(caseId)).last_contact_outcome).toBe('payment_plan_agreed');

    at(clock, '2025-02-19T10:00:00Z');
    await payments.record(admin, { caseId, amountMinor: '20000', receivedOn: '2025-02-19', source: 'bank' }, 'c-2');
    // The formal notice falls due on 3 March: on the 4th nothing goes out while the plan is kept.
    at(clock, '2025-03-04T08:00:00Z');
    await schedulerPass(ds, ctx);
    expect(await kinds(caseId)).toEqual(['first_reminder']);
    expect(await journey(caseId)).toMatchObject({ status: 'active', next_step_key: 'formal-notice', reason: PLAN_KEPT });
    const kept = (await plans.planOf(agent, caseId))!;
    expect(kept.plan.status).toBe('agreed');
    expect(kept.standing.instalments.map((i) => [i.status, i.paidMinor])).toEqual([
      ['paid', 20000n],
      ['upcoming', 0n],
    ]);

    // The rest of the plan paid: the sweep completes it. What the law let run meanwhile is still
    // open, so the journey goes on for it, from the step it stopped at.
    at(clock, '2025-03-05T08:00:00Z');
    await payments.record(admin, { caseId, amountMinor: '20000', receivedOn: '2025-03-05', source: 'bank' }, 'c-3');
    await schedulerPass(ds, ctx);
    expect((await plans.planOf(agent, caseId))!.plan).toMatchObject({ status: 'completed', endedOn: '2025-03-05' });
    expect(await events(caseId, 'PaymentPlanCompleted')).toEqual([
      expect.objectContaining({ planId: view.plan.id, paidMinor: '40000', completedOn: '2025-03-05' }),
    ]);
    expect(BigInt((await caseRow(caseId)).open) > 0n).toBe(true);
    expect(await kinds(caseId)).toEqual(['first_reminder', 'formal_notice']);
  });
});

describe('a payment plan outside the client’s limits', () => {
  it('waits for an approval, without pausing the journey; only the agency or the client’s own user decides', async () => {
    const { clock, caseId, ctx, plans, agent, client } = await remindedCase('Plan Janssens');
    const view = await plans.propose(agent, caseId, { count: 13, firstDueOn: '2025-03-01' }, 'c-1');
    expect(view.plan.status).toBe('pending');
    expect(view.plan.outsideLimits).toEqual([expect.stringMatching(/more than 12 months/)]);
    expect(view.plan.instalments.reduce((s, i) => s + i.amountMinor, 0n)).toBe(40000n);
    expect(await events(caseId, 'PaymentPlanAgreed')).toEqual([]);
    expect((await caseRow(caseId)).next_action_at.getTime()).toBeLessThanOrEqual(clock.now().getTime());
    expect(await refusal(plans.propose(agent, caseId, { count: 2, firstDueOn: '2025-03-01' }, 'c-2'))).toMatchObject({ code: 'conflict' });

    // Another client's user, legal staff: not theirs to decide.
    const stranger = who('client_user', { clientId: (await seedClient(ds)).clientId });
    expect(await refusal(plans.approve(stranger, view.plan.id, 'c-3'))).toMatchObject({ code: 'not_found' });
    expect(await refusal(plans.approve(who('legal'), view.plan.id, 'c-3'))).toMatchObject({ code: 'forbidden' });
    expect(await plans.plansOf(stranger, caseId)).toEqual([]);

    // While it waits the journey goes on: the formal notice goes out when due.
    at(clock, '2025-03-04T08:00:00Z');
    await schedulerPass(ds, ctx);
    expect(await kinds(caseId)).toEqual(['first_reminder', 'formal_notice']);

    const approved = await plans.approve(client, view.plan.id, 'c-4');
    expect(approved.plan).toMatchObject({ status: 'agreed', agreement: 'approved', decidedBy: `client:${client.subject}` });
    expect(await events(caseId, 'PaymentPlanAgreed')).toEqual([
      expect.objectContaining({ agreement: 'approved', actor: `client:${client.subject}` }),
    ]);
    expect(await refusal(plans.approve(client, view.plan.id, 'c-5'))).toMatchObject({ code: 'conflict' });
  });

  it('is rejected with a reason, which is required', async () => {
    const { caseId, plans, agent } = await remindedCase('Plan Claes');
    const view = await plans.propose(agent, caseId, { count: 2, firstDueOn: '2025-03-01', downPaymentMinor: '100' }, 'c-1');
    expect(view.plan.outsideLimits).toEqual([expect.stringMatching(/instalment 1 .* below the client's minimum/)]);
    expect(await refusal(plans.reject(agent, view.plan.id, '  ', 'c-2'))).toEqual({ code: 'invalid_input', fields: ['reason'] });
    const rejected = await plans.reject(agent, view.plan.id, 'the down payment is too small', 'c-3');
    expect(rejected.plan).toMatchObject({ status: 'rejected', decisionReason: 'the down payment is too small' });
    expect(await actions(caseId)).toContain('payment_plan_rejected');
  });

  it('follows the limits the admin sets for the client', async () => {
    const { clientId, caseId, plans, agent } = await remindedCase('Plan Wouters');
    expect(
      await refusal(plans.setLimits(agent, clientId, { maxMonths: 3, minInstalmentMinor: '0', downPaymentRequired: true, graceDays: 2 })),
    ).toMatchObject({
      code: 'forbidden',
    });
    expect(
      await refusal(plans.setLimits(admin, clientId, { maxMonths: 0, minInstalmentMinor: '-1', downPaymentRequired: true, graceDays: 99 })),
    ).toEqual({ code: 'invalid_input', fields: ['input.maxMonths', 'input.minInstalmentMinor', 'input.graceDays'] });
    await plans.setLimits(admin, clientId, { maxMonths: 3, minInstalmentMinor: '0', downPaymentRequired: true, graceDays: 2 });
    const view = await plans.propose(agent, caseId, { count: 2, firstDueOn: '2025-03-01' }, 'c-1');
    expect(view.plan).toMatchObject({ status: 'pending', outsideLimits: ['the client requires a down payment'] });
  });
});

describe('a missed instalment', () => {
  it('past its grace days breaks the plan, and the journey goes on from the step it stopped at with that day’s amounts', async () => {
    const { clock, caseId, ctx, plans, payments, agent } = await remindedCase('Plan Maes');
    const { plan } = await plans.propose(agent, caseId, twoInstalments('2025-03-01', '2025-04-01'), 'c-1');
    at(clock, '2025-03-01T10:00:00Z');
    await payments.record(admin, { caseId, amountMinor: '5000', receivedOn: '2025-03-01', source: 'bank' }, 'c-2');

    at(clock, '2025-03-04T08:00:00Z');
    await schedulerPass(ds, ctx);
    expect(await kinds(caseId)).toEqual(['first_reminder']);
    expect((await journey(caseId)).reason).toBe(PLAN_KEPT);
    // 1 March + 5 grace days: the 6th is its last day.
    at(clock, '2025-03-06T20:00:00Z');
    await schedulerPass(ds, ctx);
    expect(await kinds(caseId)).toEqual(['first_reminder']);
    expect((await plans.planOf(agent, caseId))!.plan.status).toBe('agreed');

    at(clock, '2025-03-07T08:00:00Z');
    await schedulerPass(ds, ctx);
    expect((await plans.planOf(agent, caseId))!.plan).toMatchObject({ status: 'broken', missedSeq: 1, endedOn: '2025-03-07' });
    expect(await events(caseId, 'InstalmentMissed')).toEqual([
      expect.objectContaining({ planId: plan.id, seq: 1, dueOn: '2025-03-01', amountMinor: '20000', paidMinor: '5000', graceDays: 5 }),
    ]);
    expect(await events(caseId, 'PaymentPlanBroken')).toEqual([
      expect.objectContaining({ planId: plan.id, missedSeq: 1, brokeOn: '2025-03-07' }),
    ]);
    const [, notice] = await requestedFor(ds, [caseId]);
    expect(notice).toMatchObject({ kind: 'formal_notice' });
    // The notice states the day's account: the €50 paid is on it.
    const [, requested] = await events(caseId, 'CommunicationRequested');
    expect(requested).toMatchObject({ kind: 'formal_notice', amounts: { paidMinor: '5000' } });
    expect(await actions(caseId)).toEqual(expect.arrayContaining(['payment_plan_broken', 'journey_step']));
    expect(await caseRow(caseId)).toMatchObject({ last_contact_outcome: 'promise_broken', broken_promises: 0 });
  });
});

describe('a promise to pay', () => {
  it('pauses the journey until the day after its date; broken, it counts on the case and its score, and the journey goes on', async () => {
    const { clock, caseId, ctx, plans, payments, agent } = await remindedCase('Promise Peeters');
    const before = await caseRow(caseId);
    const promise = await plans.makePromise(agent, caseId, { amountMinor: '15000', dueOn: '2025-03-10' }, 'c-1');
    expect(promise).toMatchObject({ status: 'open', amountMinor: 15000n, dueOn: '2025-03-10', madeOn: '2025-02-11', source: 'agent' });
    expect(await events(caseId, 'PromiseMade')).toEqual([
      expect.objectContaining({ promiseId: promise.id, amountMinor: '15000', source: 'agent' }),
    ]);

    at(clock, '2025-03-04T08:00:00Z');
    await schedulerPass(ds, ctx);
    expect(await kinds(caseId)).toEqual(['first_reminder']);
    expect((await journey(caseId)).reason).toMatch(/promised to pay by 2025-03-10/);
    at(clock, '2025-03-05T10:00:00Z');
    await payments.record(admin, { caseId, amountMinor: '5000', receivedOn: '2025-03-05', source: 'bank' }, 'c-2');
    at(clock, '2025-03-10T20:00:00Z');
    await schedulerPass(ds, ctx);
    expect(await kinds(caseId)).toEqual(['first_reminder']);

    at(clock, '2025-03-11T08:00:00Z');
    await schedulerPass(ds, ctx);
    expect(await kinds(caseId)).toEqual(['first_reminder', 'formal_notice']);
    expect(await plans.promisesOf(agent, caseId)).toEqual([expect.objectContaining({ status: 'broken', paidMinor: 5000n })]);
    expect(await events(caseId, 'PromiseBroken')).toEqual([
      expect.objectContaining({ promiseId: promise.id, paidMinor: '5000', brokenPromises: 1 }),
    ]);
    const after = await caseRow(caseId);
    expect(after).toMatchObject({ broken_promises: 1, last_contact_outcome: 'promise_broken' });
    expect(BigInt(after.score) > BigInt(before.score)).toBe(true);
    expect(await plans.brokenPromises(agent, caseId)).toBe(1);
  });

  it('is kept once paid by its date, and a call’s promise is recorded once', async () => {
    const { clock, caseId, ctx, plans, payments, agent } = await remindedCase('Promise Dubois');
    await plans.makePromise(agent, caseId, { amountMinor: '10000', dueOn: '2025-03-10' }, 'c-1');
    at(clock, '2025-03-01T10:00:00Z');
    await payments.record(admin, { caseId, amountMinor: '10000', receivedOn: '2025-03-01', source: 'bank' }, 'c-2');
    await schedulerPass(ds, ctx);
    expect(await plans.promisesOf(agent, caseId)).toEqual([expect.objectContaining({ status: 'kept', paidMinor: 10000n })]);
    expect(await events(caseId, 'PromiseKept')).toEqual([expect.objectContaining({ paidMinor: '10000' })]);
    expect((await caseRow(caseId)).broken_promises).toBe(0);

    const call: CallLoggedV1 = {
      callId: crypto.randomUUID(),
      caseId,
      clientId: crypto.randomUUID(),
      agentId: 'agent-1',
      number: '+32470123456',
      direction: 'outbound',
      outcome: 'promise_to_pay',
      at: clock.now().toISOString(),
      promise: { amountMinor: '8000', currency: 'EUR', dueDate: '2025-03-15' },
      callBackAt: null,
      note: null,
    };
    expect(await ds.transaction((m) => plans.promiseFromCall(m, call, 'c-3'))).toMatchObject({ source: 'call', amountMinor: 8000n });
    expect(await ds.transaction((m) => plans.promiseFromCall(m, call, 'c-3'))).toBeNull();
    expect((await plans.promisesOf(agent, caseId)).map((p) => [p.source, p.status])).toEqual([
      ['agent', 'kept'],
      ['call', 'open'],
    ]);
  });

  it('of a case the client recalled meanwhile is set aside, not broken', async () => {
    const { clock, caseId, ctx, plans, agent, client } = await remindedCase('Promise Recalled');
    await plans.makePromise(agent, caseId, { amountMinor: '10000', dueOn: '2025-03-10' }, 'c-1');
    const caseFile = new CaseFileService(
      new TenantDatabase(ds),
      { publish: (m: EntityManager, e: EventEnvelope[]) => outbox.append(m, e) } as unknown as Messaging,
      clock,
      new CaseReadsService(new TenantDatabase(ds), clock),
    );
    await caseFile.recallCase(client, caseId, 'settled with the debtor directly', 'c-2');
    at(clock, '2025-03-11T08:00:00Z');
    await schedulerPass(ds, ctx);
    expect(await plans.promisesOf(agent, caseId)).toEqual([expect.objectContaining({ status: 'open' })]);
    expect(await events(caseId, 'PromiseBroken')).toEqual([]);
    expect(await caseRow(caseId)).toMatchObject({ phase: 'closed', broken_promises: 0 });
  });

  it('refuses bad input by field, and writes nothing', async () => {
    const { caseId, plans, agent } = await remindedCase('Promise Lambert');
    expect(await refusal(plans.makePromise(agent, caseId, { amountMinor: '12.50', dueOn: '2025-02-01' }, 'c-1'))).toEqual({
      code: 'invalid_input',
      fields: ['amountMinor', 'dueOn'],
    });
    expect(await refusal(plans.propose(agent, caseId, { instalments: [{ dueOn: '2025-03-01', amountMinor: '100' }] }, 'c-2'))).toEqual({
      code: 'invalid_input',
      fields: ['instalments'],
    });
    expect(await plans.promisesOf(agent, caseId)).toEqual([]);
    expect(await plans.plansOf(agent, caseId)).toEqual([]);
    expect(await events(caseId, 'PromiseMade')).toEqual([]);
  });
});

describe('the walls', () => {
  it('keep other brands’ agents, other clients’ users and legal staff off a case’s plans and promises', async () => {
    const { caseId, plans, agent, client } = await remindedCase('Wall Willems');
    const other = await seedClient(ds);
    const otherAgent = who('agent', { brandIds: other.brandIds });
    const otherClient = who('client_user', { clientId: other.clientId });
    const legal = who('legal');
    const proposal = { count: 2, firstDueOn: '2025-03-01' };
    const promise = { amountMinor: '1000', dueOn: '2025-03-01' };
    expect(await refusal(plans.propose(otherAgent, caseId, proposal, 'c'))).toMatchObject({ code: 'not_found' });
    expect(await refusal(plans.propose(legal, caseId, proposal, 'c'))).toMatchObject({ code: 'not_found' });
    expect(await refusal(plans.propose(client, caseId, proposal, 'c'))).toMatchObject({ code: 'forbidden' });
    expect(await refusal(plans.makePromise(otherAgent, caseId, promise, 'c'))).toMatchObject({ code: 'not_found' });
    expect(await refusal(plans.makePromise(otherClient, caseId, promise, 'c'))).toMatchObject({ code: 'forbidden' });
    await plans.makePromise(agent, caseId, promise, 'c');
    expect(await plans.promisesOf(otherAgent, caseId)).toEqual([]);
    expect(await plans.promisesOf(otherClient, caseId)).toEqual([]);
    expect(await plans.promisesOf(client, caseId)).toHaveLength(1);
    expect(await plans.brokenPromises(otherClient, caseId)).toBeNull();
    expect(
      await plans.limits(otherClient, (await ds.query(`SELECT client_id FROM cases.cases WHERE id = $1`, [caseId]))[0].client_id),
    ).toBeNull();
  });
});

describe('the debtor’s page', () => {
  const address = () => `198.51.100.7:${crypto.randomUUID()}`;
  const tokenOf = async (caseId: string) => ((await events(caseId, 'CaseOpened'))[0]!.payLink as { token: string }).token;

  it('takes a promise and a plan by the pay link’s token alone, on its own case only', async () => {
    const { clock, caseId, ctx, plans, agent } = await remindedCase('Page Peeters');
    const other = await remindedCase('Page Claes');
    const token = await tokenOf(caseId);

    expect(await refusal(plans.promiseByLink('A'.repeat(22), { amountMinor: '1000', dueOn: '2025-02-20' }, address(), 'c'))).toMatchObject({
      code: 'not_found',
    });
    expect(await refusal(plans.promiseByLink(token, { amountMinor: '1000', dueOn: '2025-01-20' }, address(), 'c'))).toEqual({
      code: 'invalid_input',
      fields: ['dueOn'],
    });
    const promise = await plans.promiseByLink(token, { amountMinor: '10000', dueOn: '2025-03-10' }, address(), 'c-1');
    expect(promise).toMatchObject({ caseId, source: 'debtor_page', status: 'open', madeBy: 'system:debtor_page' });
    expect(await events(caseId, 'PromiseMade')).toEqual([expect.objectContaining({ source: 'debtor_page', amountMinor: '10000' })]);
    expect(await plans.promisesOf(other.agent, other.caseId)).toEqual([]);
    at(clock, '2025-03-04T08:00:00Z');
    await schedulerPass(ds, ctx);
    expect(await kinds(caseId)).toEqual(['first_reminder']);

    expect(await refusal(plans.proposeByLink(token, { count: 0, firstDueOn: 'tomorrow' }, address(), 'c-3'))).toMatchObject({
      code: 'invalid_input',
      fields: ['count', 'firstDueOn'],
    });
    const view = await plans.proposeByLink(token, { count: 4, firstDueOn: '2025-03-31' }, address(), 'c-2');
    expect(view.plan).toMatchObject({ status: 'agreed', source: 'debtor_page', agreement: 'within_limits' });
    expect(view.plan.instalments.reduce((sum, i) => sum + i.amountMinor, 0n)).toBe(BigInt((await caseRow(caseId)).open));
    // The plan takes the promise's place.
    expect((await plans.promisesOf(agent, caseId)).map((p) => p.status)).toEqual(['replaced']);
    expect(await refusal(plans.proposeByLink(token, { count: 2, firstDueOn: '2025-03-31' }, address(), 'c-3'))).toMatchObject({
      code: 'conflict',
    });
  });
});
