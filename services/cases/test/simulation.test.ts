import type { DataSource } from 'typeorm';
import { Clock } from '@amicus/calendar';
import { schedulerPass } from '../src/journeys/journey-scheduler';
import { SimulationService } from '../src/journeys/simulation.service';
import { ScenariosService } from '../src/scenarios/scenarios.service';
import { TenantDatabase } from '../src/tenancy/tenant-database';
import { freshCasesDatabase, seedClient } from './database';
import { who } from './identities';
import { markSent, placeDebtors, schedulerContext, testClock } from './journeys';

/**
 * A scenario simulated on a real case and on a hypothetical one: each step's date and when the
 * law lets it go, the legal terms in between, the statement on each date — and nothing written.
 */
let ds: DataSource;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ ds, drop } = await freshCasesDatabase('simulation'));
});
afterAll(() => drop());

const admin = who('agency_admin');
const simulation = (clock: Clock) => new SimulationService(new TenantDatabase(ds), clock, { AMICUS_AGENCY_REGISTRATION: '0123.456.789' });
const counts = async () =>
  (
    await ds.query(`SELECT (SELECT count(*) FROM cases.audit_entries)::int AS audit, (SELECT count(*) FROM cases.outbox)::int AS outbox,
                           (SELECT count(*) FROM cases.step_executions)::int AS executions,
                           (SELECT json_agg(j ORDER BY case_id) FROM cases.case_journeys j) AS journeys`)
  )[0];

/** A Belgian consumer owing €400 since 31 January, as `amicus legal assess` reads a case. */
const hypothetical = JSON.stringify({
  debtor: { kind: 'consumer', country: 'BE' },
  collector: { kind: 'agency', registrationNumber: '0123.456.789' },
  currency: 'EUR',
  claims: [
    { id: 'c1', issueDate: '2025-01-01', dueDate: '2025-01-31', principal: '400.00', terms: { damagesClause: { reciprocal: true } } },
  ],
});

describe('simulating a scenario', () => {
  it('gives a placed Belgian consumer case its timeline: each step when the law lets it go, the terms between, the statement each day', async () => {
    const clock = testClock('2025-02-10T09:00:00Z');
    const { clientId } = await seedClient(ds);
    const [caseId] = await placeDebtors(ds, clientId, ['Anna Claes'], clock.now());
    const before = await counts();

    const sim = await simulation(clock).simulate(admin, { caseId, from: '2025-02-10T09:00:00.000Z' });
    expect(sim).toMatchObject({ scenarioName: 'Belgium — consumers', scenarioVersion: 1, end: 'legal_review', reason: null });
    expect(sim.steps.map((s) => [s.step.key, s.goesOutAt])).toEqual([
      ['first-reminder', '2025-02-10T09:00:00.000Z'],
      ['formal-notice', '2025-03-02T23:00:00.000Z'],
      // The call and the SMS fall due at midnight: the contact window (BE-A-4) opens at 08:00.
      ['call', '2025-03-10T07:00:00.000Z'],
      ['sms', '2025-03-13T07:00:00.000Z'],
      ['final-notice', '2025-03-19T23:00:00.000Z'],
      ['legal-review', '2025-04-03T22:00:00.000Z'],
    ]);
    const [reminder, notice, call] = sim.steps;
    expect(reminder!.amounts).toMatchObject({ principalMinor: '40000', damagesMinor: '0', totalMinor: '40000' });
    // €400: BE-C-7 allows €30 + 10% × €250 once the first reminder's term has run.
    expect(notice!.amounts!.damagesMinor).toBe('5500');
    expect(call!.dueAt).toBe('2025-03-09T23:00:00.000Z');
    expect(call!.waited).toMatchObject({ allowed: false, rule: 'BE-A-4', earliestAt: '2025-03-10T07:00:00.000Z' });
    // The letter of 10 February is deemed received the third business day after; 14 days on, charges are allowed.
    expect(sim.terms).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ charge: 'damages', rule: 'BE-C-4', description: 'damages allowed from Thu 27 Feb 2025' }),
      ]),
    );
    expect(await counts()).toEqual(before);
  });

  it('goes on from where the case’s journey is, and simulates another version from its start', async () => {
    const clock = testClock('2025-02-10T09:00:00Z');
    const { clientId } = await seedClient(ds);
    const [caseId] = await placeDebtors(ds, clientId, ['Bert Maes'], clock.now());
    await schedulerPass(ds, schedulerContext(clock));
    // Communications reported the reminder sent (the history a simulation goes on from is the case file's).
    await markSent(ds, caseId!, 'first_reminder', 'letter', clock.now());
    const own = await simulation(clock).simulate(admin, { caseId });
    expect(own.steps[0]).toMatchObject({ step: { key: 'formal-notice' }, goesOutAt: '2025-03-02T23:00:00.000Z' });

    const scenarios = new ScenariosService(new TenantDatabase(ds), new Clock('Europe/Brussels'));
    const draft = await scenarios.create(admin, {
      clientId,
      name: 'Notice by e-mail',
      steps: [
        { key: 'first', kind: 'first_reminder', channel: 'preferred', delayDays: 0, anchor: 'placement' },
        { key: 'notice', kind: 'formal_notice', channel: 'email', delayDays: 14, anchor: 'previous_step' },
      ],
    });
    const other = await simulation(clock).simulate(admin, { caseId, versionId: draft.versions[0]!.id });
    expect(other).toMatchObject({ scenarioName: 'Notice by e-mail', scenarioVersion: 1 });
    // From its start: the reminder the case already had makes the engine refuse a second first reminder.
    expect(other.steps).toEqual([expect.objectContaining({ step: expect.objectContaining({ key: 'first' }), goesOutAt: null })]);
    expect(other.steps[0]!.decision.rule).toBe('BE-C-1');
    expect(other.end).toBe('review');
  });

  it('gives a hypothetical case the agency’s default for its jurisdiction', async () => {
    const sim = await simulation(testClock('2025-02-10T09:00:00Z')).simulate(who('agent'), { caseJson: hypothetical });
    expect(sim.scenarioName).toBe('Belgium — consumers');
    expect(sim.steps.map((s) => s.step.key)).toEqual(['first-reminder', 'formal-notice', 'call', 'sms', 'final-notice', 'legal-review']);
    expect(sim.steps[1]!.amounts!.damagesMinor).toBe('5500');
  });

  it('stops for a closed case and keeps within the walls', async () => {
    const clock = testClock('2025-02-10T09:00:00Z');
    const { clientId } = await seedClient(ds);
    const other = await seedClient(ds);
    const [caseId] = await placeDebtors(ds, clientId, ['Carla Closed'], clock.now());
    await expect(simulation(clock).simulate(who('client_user', { clientId: other.clientId }), { caseId })).rejects.toMatchObject({
      code: 'not_found',
    });
    await ds.query(`UPDATE cases.cases SET phase = 'closed', outcome = 'paid', closed_at = now() WHERE id = $1`, [caseId]);
    expect(await simulation(clock).simulate(who('client_user', { clientId }), { caseId })).toMatchObject({
      end: 'stopped',
      reason: 'the case is closed',
      steps: [],
    });
  });

  it('answers bad input naming the field', async () => {
    const service = simulation(testClock('2025-02-10T09:00:00Z'));
    const fields = (args: Parameters<SimulationService['simulate']>[1]) =>
      service.simulate(admin, args).then(
        () => [],
        (e: { problems: { field: string }[] }) => e.problems.map((p) => p.field),
      );
    expect(await fields({})).toEqual(['caseId']);
    expect(await fields({ caseId: 'x', versionId: 'y', from: 'tomorrow' })).toEqual(['caseId', 'versionId', 'from']);
    expect(await fields({ caseJson: '{' })).toEqual(['caseJson']);
    expect(await fields({ caseJson: '{"currency":"EURO"}' })).toEqual(expect.arrayContaining(['caseJson.currency']));
    expect(await fields({ caseJson: hypothetical, versionId: crypto.randomUUID() })).toEqual(['versionId']);
  });
});
