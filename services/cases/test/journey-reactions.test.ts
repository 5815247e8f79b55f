import type { DataSource } from 'typeorm';
import type { CallLoggedV1, CommunicationFailedV1 } from '@amicus/events';
import { applyReaction } from '../src/journeys/journey-reactions';
import { schedulerPass } from '../src/journeys/journey-scheduler';
import { stepsOfJson, stepsToJson } from '../src/journeys/journey-store';
import { reactionToCall, reactionToDisputeResolved, reactionToFailure, reactionToRelease } from '../src/journeys/reactions';
import { DisputesService } from '../src/disputes/disputes.service';
import { TenantDatabase } from '../src/tenancy/tenant-database';
import { who } from './identities';
import { freshCasesDatabase, seedClient } from './database';
import { markSent, placeDebtors, requestedFor, schedulerContext, testClock } from './journeys';

/**
 * Reactions move the journey, on real Postgres: a promise waits until the day after its date,
 * a dispute on a call makes it wait until the dispute is resolved, a failed e-mail is resent by
 * letter (once), a hold released early lets it go on, and a step on "no reaction to the previous step" is passed over when the
 * debtor reacted. (That an event is applied once however often it comes is the idempotent
 * consumer's, libs/messaging.)
 */
let ds: DataSource;
let drop: () => Promise<void>;
const DAY = 86_400_000;
const ZONE = 'Europe/Brussels';

beforeAll(async () => {
  ({ ds, drop } = await freshCasesDatabase('journey_reactions'));
});
afterAll(() => drop());

const journey = async (caseId: string) =>
  (
    await ds.query(
      `SELECT status, next_step_key, next_step_at, attempt, reacted, waiting_until, channel_override, reason FROM cases.case_journeys WHERE case_id = $1`,
      [caseId],
    )
  )[0];
const reactionsOf = async (caseId: string) =>
  (await ds.query(`SELECT reason FROM cases.audit_entries WHERE case_id = $1 AND action = 'journey_reaction' ORDER BY seq`, [caseId])) as {
    reason: string;
  }[];

const call = (caseId: string, outcome: CallLoggedV1['outcome'], at: Date, extra: Partial<CallLoggedV1> = {}): CallLoggedV1 => ({
  callId: crypto.randomUUID(),
  caseId,
  clientId: crypto.randomUUID(),
  agentId: 'agent-1',
  number: '+32470123456',
  direction: 'outbound',
  outcome,
  at: at.toISOString(),
  promise: null,
  callBackAt: null,
  note: null,
  ...extra,
});

/** A case placed on 10 Feb that got its first reminder by e-mail that day. */
async function remindedCase(name: string, clock = testClock('2025-02-10T09:00:00Z'), sent = true) {
  const { clientId } = await seedClient(ds);
  const [caseId] = await placeDebtors(ds, clientId, [name], clock.now());
  expect(await schedulerPass(ds, schedulerContext(clock))).toMatchObject({ ran: 1 });
  if (sent) await markSent(ds, caseId!, 'first_reminder', 'email', clock.now());
  return { caseId: caseId!, clock, ctx: schedulerContext(clock) };
}

describe('a promise to pay made on a call', () => {
  it('holds the formal notice until the day after the promised date, then lets it go; the history says why', async () => {
    const { caseId, clock, ctx } = await remindedCase('Promise Peeters');
    clock.advance(DAY);
    const promise = reactionToCall(
      call(caseId, 'promise_to_pay', clock.now(), { promise: { amountMinor: '40000', currency: 'EUR', dueDate: '2025-03-20' } }),
      ZONE,
    );
    expect(await ds.transaction((m) => applyReaction(m, { caseId }, promise, clock.now()))).toBe(true);
    expect(await reactionsOf(caseId)).toHaveLength(1);
    expect(await journey(caseId)).toMatchObject({ next_step_key: 'formal-notice', reacted: true });
    expect((await journey(caseId)).next_step_at.toISOString()).toBe('2025-03-20T23:00:00.000Z');

    // The formal notice would have been due on 3 March; nothing goes out while the promise runs.
    clock.advance(21 * DAY);
    expect(await schedulerPass(ds, ctx)).toMatchObject({ ran: 0 });
    expect((await requestedFor(ds, [caseId])).map((r) => r.kind)).toEqual(['first_reminder']);

    clock.advance(Date.parse('2025-03-21T08:00:00Z') - clock.now().getTime());
    expect(await schedulerPass(ds, ctx)).toMatchObject({ ran: 1 });
    expect((await requestedFor(ds, [caseId])).map((r) => r.kind)).toEqual(['first_reminder', 'formal_notice']);
    // The promise is spent with the step; the step after it judges reactions to the notice only.
    expect(await journey(caseId)).toMatchObject({ reacted: false, waiting_until: null });
  });
});

describe('a dispute raised on a call', () => {
  it('counts as a reaction; its dispute on every open claim makes the journey wait (not stop), and its resolution wakes it', async () => {
    const { caseId, clock, ctx } = await remindedCase('Dispute Dubois');
    const now = clock.now();
    const logged = call(caseId, 'dispute_raised', now);
    // What the two consumers of CallLogged do: the journey's reaction, and the dispute (disputes/).
    await ds.transaction((m) => applyReaction(m, { caseId }, reactionToCall(logged, ZONE), now));
    const disputes = new DisputesService(new TenantDatabase(ds), { schema: 'cases', topicPrefix: '' }, clock);
    const dispute = (await ds.transaction((m) => disputes.raiseFromCall(m, logged, 'c')))!;
    expect(await journey(caseId)).toMatchObject({ status: 'active', next_step_key: 'formal-notice', reacted: true });
    expect((await reactionsOf(caseId)).map((r) => r.reason)).toEqual([expect.stringMatching(/disputed/)]);

    clock.advance(30 * DAY);
    expect(await schedulerPass(ds, ctx)).toMatchObject({ ran: 0 });
    expect((await journey(caseId)).status).toBe('active');
    expect((await requestedFor(ds, [caseId])).map((r) => r.kind)).toEqual(['first_reminder']);

    await disputes.resolve(who('agency_admin'), dispute.id, { outcome: 'rejected', explanation: 'The client confirms the delivery.' }, 'c');
    await ds.transaction((m) => applyReaction(m, { caseId }, reactionToDisputeResolved('rejected'), clock.now()));
    expect(await schedulerPass(ds, ctx)).toMatchObject({ ran: 1 });
    expect((await requestedFor(ds, [caseId])).map((r) => r.kind)).toEqual(['first_reminder', 'formal_notice']);
  });
});

describe('a message that could not be delivered', () => {
  const failed = (caseId: string, requestId: string, channel: CommunicationFailedV1['channel'], at: Date): CommunicationFailedV1 => ({
    communicationId: crypto.randomUUID(),
    requestId,
    caseId,
    channel,
    reason: '550 mailbox unavailable',
    bounced: true,
    failedAt: at.toISOString(),
    fallbackChannel: null,
  });

  it('sends the step once more by letter, as its second attempt, once', async () => {
    // The e-mail bounced: communications never told the case file it was sent.
    const { caseId, clock, ctx } = await remindedCase('Bounce Bogaerts', undefined, false);
    const [reminder] = await requestedFor(ds, [caseId]);
    clock.advance(60_000);
    const effect = reactionToFailure(failed(caseId, reminder!.requestId, 'email', clock.now()))!;
    await ds.transaction((m) => applyReaction(m, { caseId, requestId: reminder!.requestId }, effect, clock.now()));
    expect(await journey(caseId)).toMatchObject({ next_step_key: 'first-reminder', attempt: 2, channel_override: 'letter' });

    expect(await schedulerPass(ds, ctx)).toMatchObject({ ran: 1 });
    const requested = await requestedFor(ds, [caseId]);
    expect(requested.map((r) => [r.kind, r.channel])).toEqual([
      ['first_reminder', 'preferred'],
      ['first_reminder', 'letter'],
    ]);
    const executions = await ds.query(`SELECT step_key, attempt FROM cases.step_executions WHERE case_id = $1 ORDER BY attempt`, [caseId]);
    expect(executions).toEqual([
      { step_key: 'first-reminder', attempt: 1 },
      { step_key: 'first-reminder', attempt: 2 },
    ]);
    expect(await journey(caseId)).toMatchObject({ next_step_key: 'formal-notice', channel_override: null, attempt: 1 });
    expect(await schedulerPass(ds, ctx)).toMatchObject({ ran: 0 });
  });

  it('resends nothing when the journey has moved past the failed step, and asks an agent to research a returned letter', async () => {
    const { caseId, clock, ctx } = await remindedCase('Moved Mertens');
    const [reminder] = await requestedFor(ds, [caseId]);
    clock.advance(21 * DAY);
    expect(await schedulerPass(ds, ctx)).toMatchObject({ ran: 1 });
    const late = reactionToFailure(failed(caseId, reminder!.requestId, 'email', clock.now()))!;
    await ds.transaction((m) => applyReaction(m, { caseId, requestId: reminder!.requestId }, late, clock.now()));
    expect((await reactionsOf(caseId)).at(-1)!.reason).toMatch(/moved on past step first-reminder/);
    expect(await journey(caseId)).toMatchObject({ next_step_key: 'call', channel_override: null });

    const [notice] = (await requestedFor(ds, [caseId])).slice(1);
    const now = clock.now();
    const returned = reactionToFailure(failed(caseId, notice!.requestId, 'letter', now))!;
    await ds.transaction((m) => applyReaction(m, { caseId, requestId: notice!.requestId }, returned, now));
    expect((await reactionsOf(caseId)).at(-1)!.reason).toMatch(/researches the address/);
    const [c] = await ds.query(`SELECT next_action_at FROM cases.cases WHERE id = $1`, [caseId]);
    expect(c.next_action_at.getTime()).toBe(now.getTime());
  });
});

describe('a step on "no reaction to the previous step"', () => {
  it('is passed over when the debtor answered a call after the previous step, and goes out when nobody reacted', async () => {
    const a = await remindedCase('Reacted Renard');
    const b = await remindedCase('Silent Segers', a.clock);
    a.clock.advance(21 * DAY);
    expect(await schedulerPass(ds, a.ctx)).toMatchObject({ ran: 2 });
    // After the formal notice: the call task waits for "no reaction"; Renard answers a call meanwhile.
    a.clock.advance(DAY);
    await ds.transaction((m) =>
      applyReaction(m, { caseId: a.caseId }, reactionToCall(call(a.caseId, 'reached', a.clock.now()), ZONE), a.clock.now()),
    );
    a.clock.advance(7 * DAY);
    expect(await schedulerPass(ds, a.ctx)).toMatchObject({ failed: 0 });
    const ran = async (caseId: string) =>
      (
        (await ds.query(`SELECT step_key FROM cases.step_executions WHERE case_id = $1 ORDER BY executed_at`, [caseId])) as {
          step_key: string;
        }[]
      ).map((e) => e.step_key);
    // Renard reacted: the call and the SMS (both "no reaction") are passed over, the final notice goes out.
    expect(await ran(a.caseId)).toEqual(['first-reminder', 'formal-notice', 'final-notice']);
    expect(await ran(b.caseId)).toEqual(['first-reminder', 'formal-notice', 'call']);
    expect(await journey(b.caseId)).toMatchObject({ next_step_key: 'sms' });
    const skips = await ds.query(`SELECT reason FROM cases.audit_entries WHERE case_id = $1 AND action = 'journey_skip' ORDER BY seq`, [
      a.caseId,
    ]);
    expect(skips.map((r: { reason: string }) => r.reason)).toEqual(['call passed over: the debtor reacted to the previous step']);
  });
});

describe('a hold released before its end', () => {
  it('lets the paused journey go on at once', async () => {
    const clock = testClock('2025-02-10T09:00:00Z');
    const ctx = schedulerContext(clock);
    const { clientId } = await seedClient(ds);
    const [caseId] = await placeDebtors(ds, clientId, ['Held Hermans'], clock.now());
    await ds.query(`UPDATE cases.cases SET hold_until = '2025-03-01', hold_reason = 'client asked' WHERE id = $1`, [caseId]);
    expect(await schedulerPass(ds, ctx)).toMatchObject({ waited: 1 });
    clock.advance(DAY);
    await ds.query(`UPDATE cases.cases SET hold_until = NULL, hold_reason = NULL WHERE id = $1`, [caseId]);
    const now = clock.now();
    await ds.transaction((m) => applyReaction(m, { caseId: caseId! }, reactionToRelease(), now));
    expect((await journey(caseId!)).next_step_at.getTime()).toBe(now.getTime());
    expect(await schedulerPass(ds, ctx)).toMatchObject({ ran: 1 });
    expect((await requestedFor(ds, [caseId!])).map((r) => r.kind)).toEqual(['first_reminder']);
  });
});

describe('a pre-due reminder', () => {
  it('is passed over when the case is placed on or after its due date', async () => {
    const clock = testClock('2025-02-10T09:00:00Z');
    const { clientId } = await seedClient(ds);
    const [caseId] = await placeDebtors(ds, clientId, ['Late Lambert'], clock.now());
    const ctx = schedulerContext(clock);
    await schedulerPass(ds, ctx);
    // Its journey given a pre-due step first (as a client's scenario might have it), due now.
    const [started] = await ds.query(`SELECT steps, scenario_version_id FROM cases.case_journeys WHERE case_id = $1`, [caseId]);
    const steps = stepsOfJson(started.steps);
    const preDue = { ...steps[0]!, key: 'pre-due', kind: 'pre_due_reminder' as const, delayDays: -5, anchor: 'due_date' as const };
    await ds.query(
      `UPDATE cases.case_journeys SET steps = $2, status = 'active', next_step_key = 'pre-due', next_step_at = $3, last_step_key = NULL WHERE case_id = $1`,
      [caseId, stepsToJson([preDue, ...steps]), clock.now()],
    );
    expect(await schedulerPass(ds, ctx)).toMatchObject({ skipped: 1 });
    const skip = await ds.query(`SELECT reason FROM cases.audit_entries WHERE case_id = $1 AND action = 'journey_skip'`, [caseId]);
    expect(skip[0].reason).toBe('pre-due passed over: the due date has come');
  });
});
