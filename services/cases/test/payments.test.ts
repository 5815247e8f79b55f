import type { DataSource } from 'typeorm';
import type { Identity } from '@amicus/auth';
import type { Clock } from '@amicus/calendar';
import { schedulerPass } from '../src/journeys/journey-scheduler';
import { freshCasesDatabase, seedClient } from './database';
import { who } from './identities';
import { placeDebtors, requestedFor, schedulerContext, testClock } from './journeys';
import { paymentsService, refusal } from './money';

/**
 * Payments on real Postgres, under the walls: allocated by the engine, the case's balances
 * kept, a case paid in full closed (its journey stops), an overpayment a refund task, a
 * reversal undoing exactly what it allocated and reopening the case.
 */
let ds: DataSource;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ ds, drop } = await freshCasesDatabase('payments'));
});
afterAll(() => drop());

const admin = who('agency_admin');
const service = (clock: Clock) => paymentsService(ds, clock);

async function oneCase(names = ['Anna Peeters']) {
  const clock = testClock('2025-02-10T09:00:00Z');
  const { clientId, brandIds } = await seedClient(ds);
  const caseIds = await placeDebtors(ds, clientId, names, clock.now());
  return { clock, clientId, brandId: brandIds[0]!, caseId: caseIds[0]!, caseIds, payments: service(clock) };
}

const caseRow = async (id: string) =>
  (
    await ds.query(
      `SELECT phase, outcome, principal_minor::text AS principal, interest_minor::text AS interest, costs_minor::text AS costs, paid_minor::text AS paid,
              open_minor::text AS open, version, next_action_at FROM cases.cases WHERE id = $1`,
      [id],
    )
  )[0];
const events = async (caseId: string, type: string): Promise<Record<string, unknown>[]> =>
  (await ds.query(`SELECT envelope FROM cases.outbox WHERE key = $1 AND type = $2 ORDER BY seq`, [caseId, type])).map(
    (r: { envelope: { payload: Record<string, unknown> } }) => r.envelope.payload,
  );
const audit = async (caseId: string) =>
  (await ds.query(`SELECT action, reason FROM cases.audit_entries WHERE case_id = $1 ORDER BY seq`, [caseId])) as {
    action: string;
    reason: string;
  }[];

describe('a payment recorded on a case', () => {
  it('is allocated by the engine and lowers the stored balances by what it paid; the next step asks for the rest', async () => {
    const { caseId, payments, clock } = await oneCase();
    const p = await payments.record(
      admin,
      { caseId, amountMinor: '15000', receivedOn: '2025-02-09', source: 'bank', payerName: 'PEETERS ANNA', payerIban: 'BE68539007547034' },
      'c-1',
    );
    expect(p).toMatchObject({ amountMinor: '15000', source: 'bank', direct: false, status: 'active' });
    // Before any reminder no costs or interest are claimable: it all goes to the principal.
    expect(p.allocation).toMatchObject({ costsMinor: '0', interestMinor: '0', unallocatedMinor: '0', rule: 'BE-X-1' });
    expect(p.allocation!.principal).toEqual([{ claimId: expect.any(String), amountMinor: '15000' }]);
    expect(await caseRow(caseId)).toMatchObject({ phase: 'placed', principal: '40000', paid: '15000', open: '25000' });
    const [claim] = await ds.query(`SELECT paid_minor::text AS paid FROM cases.claims WHERE case_id = $1`, [caseId]);
    expect(claim.paid).toBe('15000');

    expect(await events(caseId, 'PaymentReceived')).toEqual([
      expect.objectContaining({ paymentId: p.id, amountMinor: '15000', source: 'bank', direct: false }),
    ]);
    expect(await events(caseId, 'PaymentAllocated')).toEqual([
      expect.objectContaining({
        paymentId: p.id,
        reallocated: false,
        balance: expect.objectContaining({ paidMinor: '15000', openMinor: '25000' }),
      }),
    ]);
    expect((await audit(caseId)).map((a) => a.action)).toContain('payment_received');

    // The scheduler's first reminder states what is left.
    await schedulerPass(ds, schedulerContext(clock));
    const [reminder] = await requestedFor(ds, [caseId]);
    expect(reminder).toMatchObject({ kind: 'first_reminder', totalMinor: '25000' });
    expect((await payments.ofCase(admin, caseId)).map((x) => x.id)).toEqual([p.id]);
  });

  it('closes a case paid in full as paid, and its journey stops', async () => {
    const { caseId, payments, clock } = await oneCase();
    await payments.record(admin, { caseId, amountMinor: '10000', receivedOn: '2025-02-08', source: 'bank' }, 'c-2');
    await payments.record(admin, { caseId, amountMinor: '30000', receivedOn: '2025-02-10', source: 'direct' }, 'c-3');
    expect(await caseRow(caseId)).toMatchObject({ phase: 'closed', outcome: 'paid', paid: '40000', open: '0' });
    expect(await events(caseId, 'CaseClosed')).toEqual([
      expect.objectContaining({ outcome: 'paid', balanceMinor: '0', actor: 'system:payments' }),
    ]);
    expect((await events(caseId, 'PaymentReceived'))[1]).toMatchObject({ source: 'direct', direct: true });
    const pass = await schedulerPass(ds, schedulerContext(clock));
    expect(pass.ran).toBe(0);
    expect(await requestedFor(ds, [caseId])).toEqual([]);
    const [j] = await ds.query(`SELECT status FROM cases.case_journeys WHERE case_id = $1`, [caseId]);
    expect(j.status).toBe('finished');
    // Money for a closed case is not recorded on it.
    expect(
      await refusal(payments.record(admin, { caseId, amountMinor: '100', receivedOn: '2025-02-10', source: 'bank' }, 'c-4')),
    ).toMatchObject({
      code: 'conflict',
    });
  });

  it('turns an overpayment into a refund task on the agents’ list, with its reason', async () => {
    const { caseId, payments, brandId } = await oneCase();
    const p = await payments.record(
      admin,
      { caseId, amountMinor: '42500', receivedOn: '2025-02-10', source: 'bank', payerName: 'A. PEETERS' },
      'c-5',
    );
    expect(p.allocation).toMatchObject({ unallocatedMinor: '2500' });
    expect(await caseRow(caseId)).toMatchObject({ phase: 'closed', outcome: 'paid', paid: '40000', open: '0' });
    const agent = who('agent', { brandIds: [brandId] });
    const tasks = await payments.tasks(agent, { openOnly: true, first: 10 });
    expect(tasks).toEqual([
      expect.objectContaining({
        caseId,
        paymentId: p.id,
        kind: 'refund',
        amountMinor: '2500',
        reason: expect.stringMatching(/overpaid by EUR 25\.00 .*refund it to the payer/),
      }),
    ]);
    expect((await audit(caseId)).map((a) => a.action)).toContain('refund_due');
    // Another brand's agent sees no such task.
    expect(await payments.tasks(who('agent', { brandIds: [crypto.randomUUID()] }), { openOnly: true, first: 10 })).toEqual([]);
    const done = await payments.completeTask(agent, tasks[0]!.id, 'refunded by transfer on 12 Feb');
    expect(done).toMatchObject({ status: 'done' });
  });

  it('pays costs, then interest, then principal once charges are due; one received before it, recorded later, moves its parts', async () => {
    const { caseId } = await oneCase();
    // The client's own free first reminder on 1 Feb: damages are allowed once its term has run.
    await ds.query(`UPDATE cases.claims SET first_reminder_sent_on = '2025-02-01' WHERE case_id = $1`, [caseId]);
    const payments = service(testClock('2025-03-10T09:00:00Z'));
    const late = await payments.record(admin, { caseId, amountMinor: '7000', receivedOn: '2025-03-10', source: 'bank' }, 'c-6');
    // €400 outstanding: BE-C-7 damages €30 + 10% × €250 = €55 first, then the interest run so far.
    expect(late.allocation).toMatchObject({ costsMinor: '5500', rule: 'BE-X-1' });
    expect(BigInt(late.allocation!.interestMinor)).toBeGreaterThan(0n);
    const stored = await caseRow(caseId);
    expect(stored).toMatchObject({ costs: '5500', paid: '7000' });
    expect(BigInt(stored.open)).toBe(40000n + 5500n + BigInt(stored.interest) - 7000n);

    await payments.record(admin, { caseId, amountMinor: '10000', receivedOn: '2025-02-05', source: 'bank' }, 'c-7');
    // With €300 outstanding when damages became due, they are €30 + 10% × €150 = €45.
    const again = (await events(caseId, 'PaymentAllocated')).filter((e) => e.paymentId === late.id);
    expect(again).toHaveLength(2);
    expect(again[1]).toMatchObject({ reallocated: true, allocation: expect.objectContaining({ costsMinor: '4500' }) });
    expect((await audit(caseId)).map((a) => a.action)).toContain('payment_reallocated');
    expect(await caseRow(caseId)).toMatchObject({ costs: '4500', paid: '17000' });
  });
});

describe('a reversal', () => {
  it('undoes exactly what the payment allocated and opens a case closed as paid again, in the phase it closed from', async () => {
    const { caseId, payments, clock } = await oneCase();
    await schedulerPass(ds, schedulerContext(clock)); // the first reminder: the case is amicable
    const first = await payments.record(admin, { caseId, amountMinor: '12000', receivedOn: '2025-02-10', source: 'bank' }, 'r-1');
    const before = await caseRow(caseId);
    const last = await payments.record(admin, { caseId, amountMinor: '30000', receivedOn: '2025-02-10', source: 'bank' }, 'r-2');
    expect(await caseRow(caseId)).toMatchObject({ phase: 'closed', outcome: 'paid' });
    // Its next step falls due while it is paid: the scheduler stops the journey.
    await ds.query(`UPDATE cases.case_journeys SET next_step_at = $2 WHERE case_id = $1`, [caseId, clock.now()]);
    await schedulerPass(ds, schedulerContext(clock));
    expect((await ds.query(`SELECT status FROM cases.case_journeys WHERE case_id = $1`, [caseId]))[0].status).toBe('finished');
    const refund = (await payments.tasks(admin, { caseId, openOnly: true, first: 10 }))[0]!;
    expect(refund).toMatchObject({ kind: 'refund', amountMinor: '2000', paymentId: last.id });

    const reversed = await payments.reverse(admin, last.id, 'chargeback', 'the card holder disputed it', 'r-3');
    expect(reversed).toMatchObject({ status: 'reversed', reversal: { kind: 'chargeback', reason: 'the card holder disputed it' } });
    const after = await caseRow(caseId);
    expect({ ...after, version: 0, next_action_at: null }).toEqual({ ...before, version: 0, next_action_at: null, phase: 'amicable' });
    expect(after).toMatchObject({ phase: 'amicable', outcome: null, paid: '12000', open: '28000' });
    expect(await events(caseId, 'PaymentReversed')).toEqual([
      expect.objectContaining({
        paymentId: last.id,
        kind: 'chargeback',
        reopened: true,
        undone: expect.objectContaining({ unallocatedMinor: '2000' }),
      }),
    ]);
    expect(await events(caseId, 'CasePhaseChanged')).toContainEqual(expect.objectContaining({ from: 'closed', to: 'amicable' }));
    // The refund of money that never stayed is not owed; the reopened case is due on the worklist.
    expect(await payments.tasks(admin, { caseId, openOnly: true, first: 10 })).toEqual([]);
    expect(after.next_action_at).not.toBeNull();
    expect((await payments.ofCase(admin, caseId)).map((p) => [p.id, p.status])).toEqual([
      [first.id, 'active'],
      [last.id, 'reversed'],
    ]);
    expect(await refusal(payments.reverse(admin, last.id, 'chargeback', 'again', 'r-4'))).toMatchObject({ code: 'conflict' });
    // Its journey goes on from the step it stopped at, due now, with the reason in the history.
    const [j] = await ds.query(`SELECT status, next_step_key, next_step_at FROM cases.case_journeys WHERE case_id = $1`, [caseId]);
    expect(j).toMatchObject({ status: 'active', next_step_key: 'formal-notice' });
    expect(j.next_step_at).not.toBeNull();
    expect((await audit(caseId)).map((a) => a.action)).toContain('journey_resumed');
  });
});

describe('walls and bad input', () => {
  it('lets a client’s user report money paid to it directly on its own cases only', async () => {
    const { caseId, clientId, payments } = await oneCase();
    const client: Identity = who('client_user', { clientId });
    const p = await payments.record(client, { caseId, amountMinor: '5000', receivedOn: '2025-02-09', note: 'paid at our desk' }, 'w-1');
    expect(p).toMatchObject({ source: 'direct', direct: true, note: 'paid at our desk', recordedBy: `client:${client.subject}` });
    expect(
      await refusal(payments.record(client, { caseId, amountMinor: '5000', receivedOn: '2025-02-09', source: 'bank' }, 'w-2')),
    ).toMatchObject({
      code: 'invalid_input',
      fields: ['input.source'],
    });
    const other = who('client_user', { clientId: crypto.randomUUID() });
    expect(await refusal(payments.record(other, { caseId, amountMinor: '5000', receivedOn: '2025-02-09' }, 'w-3'))).toMatchObject({
      code: 'not_found',
    });
    expect(await refusal(payments.reverse(client, p.id, 'correction', 'mistake', 'w-4'))).toMatchObject({ code: 'forbidden' });
  });

  it('keeps an agent to its brands’ cases', async () => {
    const { caseId, brandId, payments } = await oneCase();
    const stranger = who('agent', { brandIds: [crypto.randomUUID()] });
    expect(
      await refusal(payments.record(stranger, { caseId, amountMinor: '100', receivedOn: '2025-02-09', source: 'bank' }, 'w-5')),
    ).toMatchObject({
      code: 'not_found',
    });
    const mine = who('agent', { brandIds: [brandId] });
    const p = await payments.record(mine, { caseId, amountMinor: '100', receivedOn: '2025-02-09', source: 'bank' }, 'w-6');
    expect(await refusal(payments.reverse(stranger, p.id, 'correction', 'x', 'w-7'))).toMatchObject({ code: 'not_found' });
    expect(await payments.ofCase(stranger, caseId)).toEqual([]);
    expect(await payments.reference(stranger, caseId)).toBeNull();
    expect(await payments.reference(mine, caseId)).toMatchObject({
      ogm: expect.stringMatching(/^\+\+\+\d{3}\/\d{4}\/\d{5}\+\+\+$/),
      rf: expect.stringMatching(/^RF\d\d/),
    });
  });

  it('names each bad field and writes nothing', async () => {
    const { caseId, payments } = await oneCase();
    const r = await refusal(
      payments.record(admin, { caseId, amountMinor: '-5', currency: 'USD', receivedOn: '2025-02-11', source: 'bank' }, 'w-8'),
    );
    expect(r).toMatchObject({ code: 'invalid_input', fields: ['input.amountMinor', 'input.currency', 'input.receivedOn'] });
    expect(await payments.ofCase(admin, caseId)).toEqual([]);
    expect(await caseRow(caseId)).toMatchObject({ paid: '0' });
  });
});
