import { spawn } from 'node:child_process';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { schedulerPass } from '../src/journeys/journey-scheduler';
import { freshCasesDatabase, seedClient } from './database';
import { markSent, outbox, placeDebtors, requestedFor, schedulerContext, testClock } from './journeys';

/**
 * The scheduler on real Postgres: a placed case moves by itself, each step asked of the legal
 * engine on the case's real history, each step once.
 */
let ds: DataSource;
let drop: () => Promise<void>;
const DAY = 86_400_000;

beforeAll(async () => {
  ({ ds, drop } = await freshCasesDatabase('journeys'));
});
afterAll(() => drop());

const journey = async (caseId: string) =>
  (
    await ds.query(`SELECT status, next_step_key, next_step_at, last_refusal, reason FROM cases.case_journeys WHERE case_id = $1`, [caseId])
  )[0];
const audit = async (caseId: string, action: string) =>
  (await ds.query(`SELECT reason, after FROM cases.audit_entries WHERE case_id = $1 AND action = $2 ORDER BY seq`, [caseId, action])) as {
    reason: string;
    after: Record<string, unknown>;
  }[];

describe('the journey of a placed Belgian consumer case', () => {
  it('gets its free first reminder by itself, waits out the term, then the formal notice with the damages the law allows', async () => {
    const clock = testClock('2025-02-10T09:00:00Z');
    const ctx = schedulerContext(clock);
    const { clientId } = await seedClient(ds);
    const [caseId] = await placeDebtors(ds, clientId, ['Anna Claes'], clock.now());

    const first = await schedulerPass(ds, ctx);
    expect(first).toMatchObject({ started: 1, ran: 1, failed: 0 });
    const [reminder] = await requestedFor(ds, [caseId!]);
    expect(reminder).toMatchObject({ kind: 'first_reminder', channel: 'preferred', totalMinor: '40000', damagesMinor: '0' });
    expect((await ds.query(`SELECT phase FROM cases.cases WHERE id = $1`, [caseId]))[0].phase).toBe('amicable');
    expect(await journey(caseId!)).toMatchObject({ status: 'active', next_step_key: 'formal-notice' });
    // Nothing else is due: a second pass the same day does nothing.
    expect(await schedulerPass(ds, ctx)).toMatchObject({ ran: 0, started: 0 });

    // Communications sent the reminder by e-mail that day (what CommunicationSent tells the case file).
    await markSent(ds, caseId!, 'first_reminder', 'email', clock.now());
    clock.advance(21 * DAY);
    expect(await schedulerPass(ds, ctx)).toMatchObject({ ran: 1 });
    const notice = (await requestedFor(ds, [caseId!]))[1];
    // €400 outstanding: BE-C-7 allows €30 + 10% × €250 = €55 once the 14-day term has run.
    expect(notice).toMatchObject({ kind: 'formal_notice', channel: 'letter', damagesMinor: '5500' });
    expect(BigInt(notice!.totalMinor!)).toBeGreaterThan(45_500n);
  });

  it('refuses the formal notice while the first reminder was never sent, once, and sets the case aside', async () => {
    const clock = testClock('2025-02-10T09:00:00Z');
    const ctx = schedulerContext(clock);
    const { clientId } = await seedClient(ds);
    const [caseId] = await placeDebtors(ds, clientId, ['Bert Maes'], clock.now());
    await schedulerPass(ds, ctx);
    clock.advance(21 * DAY);
    const pass = await schedulerPass(ds, ctx);
    expect(pass.ran).toBe(0);
    expect((await requestedFor(ds, [caseId!])).map((r) => r.kind)).toEqual(['first_reminder']);
    const refusals = [...(await audit(caseId!, 'journey_refused')), ...(await audit(caseId!, 'journey_review'))];
    expect(refusals.length).toBe(1);
    expect(String(refusals[0]!.after.rule)).toMatch(/^BE-/);
  });

  it('waits while the case is on hold and stops when it is closed', async () => {
    const clock = testClock('2025-02-10T09:00:00Z');
    const ctx = schedulerContext(clock);
    const { clientId } = await seedClient(ds);
    const [held, closed] = await placeDebtors(ds, clientId, ['Carla Held', 'Dirk Closed'], clock.now());
    await ds.query(`UPDATE cases.cases SET hold_until = '2025-02-20', hold_reason = 'client asked' WHERE id = $1`, [held]);
    await ds.query(`UPDATE cases.cases SET phase = 'closed', outcome = 'paid', closed_at = now() WHERE id = $1`, [closed]);

    const pass = await schedulerPass(ds, ctx);
    expect(pass).toMatchObject({ waited: 1, stopped: 1, ran: 0 });
    expect(await requestedFor(ds, [held!, closed!])).toEqual([]);
    expect(await journey(closed!)).toMatchObject({ status: 'finished', reason: 'the case is closed' });
    expect((await journey(held!)).next_step_at.toISOString()).toBe('2025-02-19T23:00:00.000Z');

    clock.advance(10 * DAY);
    await schedulerPass(ds, ctx);
    expect((await requestedFor(ds, [held!])).map((r) => r.kind)).toEqual(['first_reminder']);
  });

  it('sends each step once when two schedulers run at the same time on the same cases', async () => {
    const clock = testClock('2025-02-10T09:00:00Z');
    const { clientId } = await seedClient(ds);
    const names = Array.from({ length: 40 }, (_, i) => `Debtor ${String(i).padStart(2, '0')}`);
    const caseIds = await placeDebtors(ds, clientId, names, clock.now());
    const [a, b] = await Promise.all([schedulerPass(ds, schedulerContext(clock), 5), schedulerPass(ds, schedulerContext(clock), 5)]);
    expect(a.ran + b.ran).toBe(40);
    expect(a.failed + b.failed).toBe(0);
    const requested = await requestedFor(ds, caseIds);
    expect(requested).toHaveLength(40);
    expect(new Set(requested.map((r) => r.caseId)).size).toBe(40);
    const [executions] = await ds.query(`SELECT count(*)::int AS n FROM cases.step_executions WHERE case_id = ANY($1::uuid[])`, [caseIds]);
    expect(executions.n).toBe(40);
  });
});

describe('a claim placed before its due date', () => {
  it('gets the friendly pre-due reminder five days before (CommunicationRequested@2, no costs), and its first reminder only once it is late', async () => {
    const clock = testClock('2025-02-10T09:00:00Z');
    const ctx = schedulerContext(clock);
    const { clientId } = await seedClient(ds);
    const [caseId] = await placeDebtors(ds, clientId, ['Early Engels'], clock.now(), '2025-02-20');
    expect(await schedulerPass(ds, ctx)).toMatchObject({ failed: 0 });
    expect(await journey(caseId!)).toMatchObject({ next_step_key: 'pre-due-reminder' });
    expect((await journey(caseId!)).next_step_at.toISOString()).toBe('2025-02-14T23:00:00.000Z');
    expect(await requestedFor(ds, [caseId!])).toEqual([]);

    clock.advance(5 * DAY);
    await schedulerPass(ds, ctx);
    const [preDue] = await ds.query(
      `SELECT version, envelope FROM cases.outbox WHERE type = 'CommunicationRequested' AND key = $1 ORDER BY seq`,
      [caseId],
    );
    expect(preDue.version).toBe(2);
    expect(preDue.envelope.payload).toMatchObject({ kind: 'pre_due_reminder', amounts: { interestMinor: '0', damagesMinor: '0' } });
    // The first reminder waits for the claim to be late: nothing more before 21 Feb.
    expect((await requestedFor(ds, [caseId!])).map((r) => r.kind)).toEqual(['pre_due_reminder']);
    clock.advance(Date.parse('2025-02-21T09:00:00Z') - clock.now().getTime());
    await schedulerPass(ds, ctx);
    expect((await requestedFor(ds, [caseId!])).map((r) => r.kind)).toEqual(['pre_due_reminder', 'first_reminder']);
  });
});

describe('a case the scheduler fails on', () => {
  it('is set aside for review with the reason, once, while the rest of its batch goes out', async () => {
    const clock = testClock('2025-02-10T09:00:00Z');
    const { clientId } = await seedClient(ds);
    const caseIds = await placeDebtors(ds, clientId, ['Fail 1', 'Fail 2', 'Fail 3', 'Fail 4', 'Fail 5'], clock.now());
    const bad = caseIds[2]!;
    const ctx = schedulerContext(clock, async (m, events) => {
      if (events.some((e) => e.aggregateId === bad && e.type === 'CommunicationRequested')) throw new Error('the outbox refused it');
      await outbox.append(m, events);
    });
    const pass = await schedulerPass(ds, ctx, 10);
    expect(pass.failed).toBe(1);
    expect((await requestedFor(ds, caseIds)).map((r) => r.caseId).sort()).toEqual(caseIds.filter((id) => id !== bad).sort());
    expect(await journey(bad)).toMatchObject({ status: 'review', reason: 'the scheduler failed on this case: the outbox refused it' });
    // Nothing of the failed step stayed: no execution, so an agent's retry can run it.
    const [n] = await ds.query(`SELECT count(*)::int AS n FROM cases.step_executions WHERE case_id = $1`, [bad]);
    expect(n.n).toBe(0);
    expect(await schedulerPass(ds, ctx, 10)).toMatchObject({ failed: 0, ran: 0 });
  });
});

describe('a scheduler killed mid-pass', () => {
  it('leaves every case with its step sent once: what it committed stays, what it did not is done by the next', async () => {
    const now = '2025-02-10T09:00:00Z';
    const { clientId } = await seedClient(ds);
    const names = Array.from({ length: 60 }, (_, i) => `Killed ${String(i).padStart(2, '0')}`);
    const caseIds = await placeDebtors(ds, clientId, names, new Date(now));
    const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'scheduler-fixture.ts')], {
      cwd: path.join(__dirname, '../../..'),
      env: {
        ...process.env,
        FIXTURE_DATABASE_URL: (ds.options as { url: string }).url,
        FIXTURE_NOW: now,
        SWC_NODE_PROJECT: 'tsconfig.json',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const executions = async () =>
      (await ds.query(`SELECT count(*)::int AS n FROM cases.step_executions WHERE case_id = ANY($1::uuid[])`, [caseIds]))[0].n as number;
    const deadline = Date.now() + 60_000;
    while ((await executions()) < 10) {
      if (child.exitCode !== null) throw new Error(`the fixture ended before it was killed: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`the fixture made no progress: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
    const atKill = await executions();
    expect(atKill).toBeLessThan(60);

    // The next pass, a few minutes later (the killed one's locks died with its connection).
    await schedulerPass(ds, schedulerContext(testClock('2025-02-10T09:05:00Z')));
    const requested = await requestedFor(ds, caseIds);
    expect(requested).toHaveLength(60);
    expect(new Set(requested.map((r) => r.caseId)).size).toBe(60);
    expect(await executions()).toBe(60);
  }, 90_000);
});
