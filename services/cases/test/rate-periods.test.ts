import type { DataSource } from 'typeorm';
import { Clock } from '@amicus/calendar';
import { BE_LATE_PAYMENT, NL_COMMERCIAL, NL_STATUTORY } from '@amicus/legal';
import { AssessmentService } from '../src/assessment/assessment.service';
import { currentRateTables, seedRatePeriods, storedRateTables } from '../src/rates/rate-store';
import { RatesService } from '../src/rates/rates.service';
import { enterTenant, TenantDatabase } from '../src/tenancy/tenant-database';
import { freshCasesDatabase } from './database';
import { who } from './identities';
import { refusal } from './refusals';

/**
 * Rate tables in the real database: seeded from the shipped tables, read by every role, added
 * to by the agency admin only (the service and, beneath it, row-level security), never changed
 * once added; and a period added makes the engine charge interest it refused (RATES) before.
 */
let ds: DataSource;
let drop: () => Promise<void>;
let rates: RatesService;
let assessment: AssessmentService;
const admin = who('agency_admin');
const TEST_SOURCE = 'integration test value, not a published rate';

/** Tue 17 Feb 2026, 10:00 in Brussels: the shipped tables ended on 31 Dec 2025. */
function clockAt(instant: string): Clock {
  const clock = new Clock('Europe/Brussels');
  clock.advance(Date.parse(instant) - Date.now());
  return clock;
}

/** A BE consumer claim due in October 2025, its free first reminder sent long ago: interest on it is due now. */
const interestCase = JSON.stringify({
  now: '2026-02-17T10:00:00+01:00',
  step: 'charge_interest',
  debtor: { kind: 'consumer', country: 'BE', timeZone: 'Europe/Brussels' },
  creditor: { smallEnterprise: false },
  collector: { kind: 'agency', registrationNumber: 'FPS-ECO-2024-0117' },
  currency: 'EUR',
  claims: [
    {
      id: 'c1',
      number: 'INV-2025-0901',
      issueDate: '2025-09-01',
      dueDate: '2025-10-01',
      principal: '400.00',
      terms: { damagesClause: { reciprocal: true }, interestClause: {} },
    },
  ],
  communications: [{ kind: 'first_reminder', channel: 'letter', sentAt: '2025-10-10T10:00:00+02:00', sender: 'creditor', complete: true }],
  payments: [],
  disputes: [],
});

const nextHalf = (extra: object = {}) => ({
  tableId: 'be-late-payment',
  from: '2026-01-01',
  through: '2026-06-30',
  ratePercent: '10.50',
  source: TEST_SOURCE,
  ...extra,
});

beforeAll(async () => {
  ({ ds, drop } = await freshCasesDatabase('rate_periods'));
  const clock = clockAt('2026-02-17T09:00:00Z');
  const tenant = new TenantDatabase(ds);
  rates = new RatesService(tenant, clock);
  // The hypothetical assessment reads no case: the case reads and the config are not needed.
  assessment = new AssessmentService(tenant, undefined as never, {} as never, clock);
}, 60000);

afterAll(() => drop());

describe('the rate tables', () => {
  it('are seeded with the shipped periods, once', async () => {
    await seedRatePeriods(ds.manager, new Date());
    const tables = await storedRateTables(ds.manager);
    for (const shipped of [BE_LATE_PAYMENT, NL_STATUTORY, NL_COMMERCIAL]) {
      const stored = tables.find((t) => t.id === shipped.id)!;
      expect(stored.periods.map((p) => ({ from: p.from, to: p.to, ratePercent: p.ratePercent, source: p.source }))).toEqual(
        shipped.periods,
      );
      expect(new Set(stored.periods.map((p) => p.addedBy))).toEqual(new Set(['seed']));
    }
  });

  it('are read by every role, with the warning that a table has ended', async () => {
    const roles = [
      admin,
      who('agent', { brandIds: [crypto.randomUUID()] }),
      who('client_user', { clientId: crypto.randomUUID() }),
      who('legal'),
    ];
    for (const identity of roles) {
      const nl = (await rates.tables(identity)).find((t) => t.id === 'nl-statutory')!;
      expect(nl).toMatchObject({ knownUntil: '2025-12-31', warning: expect.stringMatching(/ended on 2025-12-31/) });
      expect(nl.periods).toHaveLength(NL_STATUTORY.periods.length);
    }
  });
});

describe('adding a period', () => {
  it('makes an interest charge the engine refused for want of a rate allowed', async () => {
    const before = await assessment.assessHypothetical(admin, interestCase);
    expect(before.decisions[0]).toMatchObject({ allowed: false, rule: 'RATES' });

    const table = await rates.add(admin, nextHalf());
    expect(table).toMatchObject({ id: 'be-late-payment', knownUntil: '2026-06-30', warning: null });
    expect(table.periods.at(-1)).toMatchObject({ from: '2026-01-01', to: '2026-06-30', ratePercent: '10.50', addedBy: admin.subject });

    const after = await assessment.assessHypothetical(admin, interestCase);
    expect(after.decisions[0]).toMatchObject({ allowed: true, step: 'charge_interest' });
    expect(BigInt(after.statement.interestMinor)).toBeGreaterThan(0n);
    expect((await currentRateTables(ds.manager))['be-late-payment'].periods.at(-1)?.source).toBe(TEST_SOURCE);
  });

  it('is refused to anyone but the agency admin, and row-level security refuses it beneath the service', async () => {
    const agent = who('agent', { brandIds: [crypto.randomUUID()] });
    expect(await refusal(rates.add(agent, nextHalf({ tableId: 'nl-statutory' })))).toEqual({ code: 'forbidden', fields: [] });
    const insert = ds.transaction(async (m) => {
      await enterTenant(m, agent);
      await m.query(
        `INSERT INTO cases.rate_periods (table_id, valid_from, valid_through, rate_percent, source, added_by, added_at)
         VALUES ('nl-statutory', '2026-01-01', '2026-06-30', '4.00', 'x', 'agent', now())`,
      );
    });
    await expect(insert).rejects.toThrow(/row-level security/);
  });

  it('names the field of bad input: a gap, an overlap, a rate, a source', async () => {
    expect(await refusal(rates.add(admin, nextHalf({ tableId: 'nl-commercial', from: '2026-02-01' })))).toEqual({
      code: 'invalid_input',
      fields: ['input.from'],
    });
    expect(await refusal(rates.add(admin, nextHalf({ from: '2026-06-01', through: '2026-12-31' })))).toMatchObject({
      fields: ['input.from'],
    });
    expect(await refusal(rates.add(admin, nextHalf({ tableId: 'nl-commercial', ratePercent: '10,15', source: '' })))).toMatchObject({
      fields: ['input.ratePercent', 'input.source'],
    });
  });

  it('leaves every added period as it was: the table is append-only, for everyone', async () => {
    await expect(ds.query(`UPDATE cases.rate_periods SET rate_percent = '1.00' WHERE table_id = 'be-late-payment'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(ds.query(`DELETE FROM cases.rate_periods WHERE valid_from = '2026-01-01'`)).rejects.toThrow(/append-only/);
  });
});
