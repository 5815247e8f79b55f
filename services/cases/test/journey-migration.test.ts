import type { DataSource } from 'typeorm';
import { JourneysService } from '../src/journeys/journeys.service';
import { schedulerPass } from '../src/journeys/journey-scheduler';
import type { StepWire } from '../src/scenarios/scenario-wire';
import { ScenariosService } from '../src/scenarios/scenarios.service';
import { TenantDatabase } from '../src/tenancy/tenant-database';
import { freshCasesDatabase, seedClient } from './database';
import { who } from './identities';
import { markSent, placeDebtors, requestedFor, schedulerContext, testClock } from './journeys';
import { refusal } from './refusals';

/**
 * An admin moves a case to another scenario version, under the walls: it goes on from the same
 * step key (or the one named), due by that step's anchor, audited; bad targets are refused by
 * field, and a client's user cannot reach another client's case.
 */
let ds: DataSource;
let drop: () => Promise<void>;
const DAY = 86_400_000;
const admin = who('agency_admin');

beforeAll(async () => {
  ({ ds, drop } = await freshCasesDatabase('journey_migration'));
});
afterAll(() => drop());

const steps = (...s: [string, StepWire['kind'], number][]): StepWire[] =>
  s.map(([key, kind, delayDays], i) => ({ key, kind, channel: 'letter', delayDays, anchor: i === 0 ? 'placement' : 'previous_step' }));

async function setUp() {
  const clock = testClock('2025-02-10T09:00:00Z');
  const journeys = new JourneysService(new TenantDatabase(ds), clock, { AMICUS_AGENCY_REGISTRATION: '0123.456.789' });
  const scenarios = new ScenariosService(new TenantDatabase(ds), clock);
  const a = await seedClient(ds);
  const b = await seedClient(ds);
  const [caseId] = await placeDebtors(ds, a.clientId, ['Migrated Michiels'], clock.now());
  await schedulerPass(ds, schedulerContext(clock));
  await markSent(ds, caseId!, 'first_reminder', 'email', clock.now());
  const own = await scenarios.create(admin, {
    clientId: a.clientId,
    name: 'A — firmer',
    steps: steps(['first-reminder', 'first_reminder', 0], ['formal-notice', 'formal_notice', 16], ['final', 'final_notice', 7]),
  });
  const other = await scenarios.create(admin, {
    clientId: b.clientId,
    name: 'B — own',
    steps: steps(['first-reminder', 'first_reminder', 0]),
  });
  return { clock, journeys, scenarios, a, b, caseId: caseId!, own, other };
}

describe('moving a case to another scenario version', () => {
  it('goes on from the same step key, due by its anchor, runs under the new version, and is audited', async () => {
    const { clock, journeys, scenarios, caseId, own } = await setUp();
    await scenarios.activate(admin, own.versions[0]!.id);
    const moved = await journeys.migrate(admin, { caseId, versionId: own.versions[0]!.id });
    expect(moved).toMatchObject({
      status: 'active',
      scenarioName: 'A — firmer',
      scenarioVersionId: own.versions[0]!.id,
      scenarioVersion: 1,
    });
    // The formal notice of the new version: 16 days after the first reminder of 10 Feb, at the start of 26 Feb in Brussels.
    expect(moved.next).toMatchObject({ step: { key: 'formal-notice' }, dueAt: new Date('2025-02-25T23:00:00.000Z') });
    const [entry] = await ds.query(
      `SELECT actor_id, reason, before, after FROM cases.audit_entries WHERE case_id = $1 AND action = 'journey_migrated'`,
      [caseId],
    );
    expect(entry).toMatchObject({
      actor_id: admin.subject,
      reason: 'moved to A — firmer v1',
      after: { next: 'formal-notice', version: 1 },
    });
    expect(entry.before.scenario).toBe('Belgium — consumers');

    clock.advance(16 * DAY);
    await schedulerPass(ds, schedulerContext(clock));
    expect((await requestedFor(ds, [caseId])).map((r) => r.kind)).toEqual(['first_reminder', 'formal_notice']);
    const [e] = await ds.query(`SELECT scenario_version_id FROM cases.step_executions WHERE case_id = $1 AND step_key = 'formal-notice'`, [
      caseId,
    ]);
    expect(e.scenario_version_id).toBe(own.versions[0]!.id);
  });

  it('refuses, by field, a draft, another client’s scenario, the version the case follows, and a step the version lacks', async () => {
    const { journeys, scenarios, caseId, own, other } = await setUp();
    expect(await refusal(journeys.migrate(admin, { caseId, versionId: own.versions[0]!.id }))).toEqual({
      code: 'invalid_input',
      fields: ['versionId'],
    });
    await scenarios.activate(admin, other.versions[0]!.id);
    expect(await refusal(journeys.migrate(admin, { caseId, versionId: other.versions[0]!.id }))).toEqual({
      code: 'invalid_input',
      fields: ['versionId', 'stepKey'],
    });
    await scenarios.activate(admin, own.versions[0]!.id);
    expect(await refusal(journeys.migrate(admin, { caseId, versionId: own.versions[0]!.id, stepKey: 'nope' }))).toEqual({
      code: 'invalid_input',
      fields: ['stepKey'],
    });
    await journeys.migrate(admin, { caseId, versionId: own.versions[0]!.id, stepKey: 'final' });
    expect(await refusal(journeys.migrate(admin, { caseId, versionId: own.versions[0]!.id }))).toEqual({
      code: 'invalid_input',
      fields: ['versionId'],
    });
  });

  it('cannot reach another client’s case: to a client’s user of another client there is no such case', async () => {
    const { journeys, scenarios, caseId, own, b } = await setUp();
    await scenarios.activate(admin, own.versions[0]!.id);
    expect(
      await refusal(journeys.migrate(who('client_user', { clientId: b.clientId }), { caseId, versionId: own.versions[0]!.id })),
    ).toEqual({
      code: 'not_found',
      fields: ['caseId'],
    });
    const [j] = await ds.query(`SELECT scenario_name FROM cases.case_journeys WHERE case_id = $1`, [caseId]);
    expect(j.scenario_name).toBe('Belgium — consumers');
  });
});
