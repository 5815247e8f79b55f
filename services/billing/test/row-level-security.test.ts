import type { DataSource } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import { asTenant, freshServiceDatabase } from '@amicus/service-runtime';
import { billingSchema } from '../src/billing-schema';
import { AgreementsService } from '../src/agreements/agreements.service';
import { BILLING_APP_ROLE } from '../src/tenant-reads';

/**
 * Row-level security in billing (migration 1765330000000): the requests' role sees, with no
 * filter in the query, a client's money only as libs/auth's money wall allows — the admin every
 * client's, a client user its own, agents and legal staff nothing — may not write, nor read what
 * its reads do not use; and the append-only ledger refuses TRUNCATE, also to the owner.
 */
let ds: DataSource;
let drop: () => Promise<void>;
const mine = crypto.randomUUID();
const theirs = crypto.randomUUID();
const admin: Identity = { subject: 'admin', role: 'agency_admin', clientId: null, brandIds: [], email: null };
const who = (role: Identity['role'], extra: Partial<Identity> = {}): Identity => ({ ...admin, subject: 'u', role, ...extra });

const as = <T>(identity: Identity, sql: string, params: unknown[] = []) =>
  asTenant(ds, identity, BILLING_APP_ROLE, (m) => m.query(sql, params) as Promise<T>);

beforeAll(async () => {
  ({ ds, drop } = await freshServiceDatabase('billing_rls', billingSchema));
  const agreements = new AgreementsService(ds, new Clock('Europe/Brussels'));
  for (const clientId of [mine, theirs])
    await agreements.createVersion(admin, clientId, {
      validFrom: '2025-01-01',
      terms: {
        currency: 'EUR',
        commission: { tieredBy: 'none', bands: [{ from: '0', principalBp: 1500, interestBp: 1500, costsBp: 0 }] },
        fees: {},
        collectionCostsKeptBy: 'agency',
        remittancePeriod: 'monthly',
        payoutIban: 'BE68539007547034',
        vat: { kind: 'be_standard', vatNumber: null },
      },
    });
});

afterAll(() => drop());

const clientsSeen = async (identity: Identity) =>
  (await as<{ client_id: string }[]>(identity, `SELECT DISTINCT client_id FROM billing.agreements`)).map((r) => r.client_id).sort();

describe('billing row-level security', () => {
  it('shows a client’s agreements, without a filter, to the admin and that client’s users only', async () => {
    expect(await clientsSeen(admin)).toEqual([mine, theirs].sort());
    expect(await clientsSeen(who('client_user', { clientId: mine }))).toEqual([mine]);
    expect(await clientsSeen(who('client_user', { clientId: 'not-a-uuid' }))).toEqual([]);
    expect(await clientsSeen(who('agent', { brandIds: [crypto.randomUUID()] }))).toEqual([]);
    expect(await clientsSeen(who('legal'))).toEqual([]);
  });

  it('lets the requests’ role write nothing and read no table its reads do not use', async () => {
    await expect(as(admin, `UPDATE billing.agreements SET client_id = client_id`)).rejects.toThrow(/permission denied/);
    await expect(as(admin, `DELETE FROM billing.remittances`)).rejects.toThrow(/permission denied/);
    await expect(as(admin, `SELECT * FROM billing.payments`)).rejects.toThrow(/permission denied/);
    await expect(as(admin, `SELECT * FROM billing.migrations`)).rejects.toThrow(/permission denied/);
  });

  it('refuses to truncate the append-only ledger, also to the tables’ owner', async () => {
    await expect(ds.query(`TRUNCATE billing.ledger_entries`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`TRUNCATE billing.ledger_transactions CASCADE`)).rejects.toThrow(/append-only/);
  });
});
