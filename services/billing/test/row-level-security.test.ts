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
 * its reads do not use; and the append-only ledger refuses TRUNCATE, also to the owner. The
 * invoices, their recipients and deliveries follow the same wall (migration 1765360000000).
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

/** An issued invoice of a client with its recipient and one delivery, written as the owner (as the admin's commands do). */
async function invoiceOf(clientId: string, seq: number): Promise<string> {
  const id = crypto.randomUUID();
  await ds.query(
    `INSERT INTO billing.invoices (id, kind, series, year, seq, number, client_id, issue_date, due_date, currency, lines, vat, recipient,
       line_total_minor, vat_minor, payable_minor, vat_booked_minor, ubl, issued_by, issued_at)
     VALUES ($1, 'invoice', 'INV', 2026, $2, $3, $4, '2026-11-30', '2026-12-30', 'EUR', '[]', '[]', '{}', 100, 21, 121, 21, '<Invoice/>', 'admin', now())`,
    [id, seq, `INV-2026-${String(seq).padStart(6, '0')}`, clientId],
  );
  await ds.query(
    `INSERT INTO billing.invoice_recipients (client_id, name, street, postal_code, city, country_code, endpoint_scheme, endpoint_id,
       send_by_peppol, buyer_reference, updated_by, updated_at)
     VALUES ($1, 'Client', 'Kerkstraat 1', '2000', 'Antwerpen', 'BE', '0208', '0123456789', false, 'REF', 'admin', now())`,
    [clientId],
  );
  await ds.query(
    `INSERT INTO billing.invoice_deliveries (id, invoice_id, channel, recipient, status, attempted_at, updated_at)
     VALUES ($1, $2, 'email', 'billing@client.example', 'sent', now(), now())`,
    [crypto.randomUUID(), id],
  );
  return id;
}

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

  it('shows a client’s invoices, recipient and deliveries, without a filter, to the admin and that client’s users only', async () => {
    const invoices = { [mine]: await invoiceOf(mine, 1), [theirs]: await invoiceOf(theirs, 2) };
    const seen = async (identity: Identity) => ({
      invoices: (await as<{ id: string }[]>(identity, `SELECT id FROM billing.invoices`)).map((r) => r.id).sort(),
      recipients: (await as<{ client_id: string }[]>(identity, `SELECT client_id FROM billing.invoice_recipients`))
        .map((r) => r.client_id)
        .sort(),
      deliveries: (await as<{ invoice_id: string }[]>(identity, `SELECT invoice_id FROM billing.invoice_deliveries`))
        .map((r) => r.invoice_id)
        .sort(),
    });
    const all = [invoices[mine]!, invoices[theirs]!].sort();
    expect(await seen(admin)).toEqual({ invoices: all, recipients: [mine, theirs].sort(), deliveries: all });
    expect(await seen(who('client_user', { clientId: mine }))).toEqual({
      invoices: [invoices[mine]],
      recipients: [mine],
      deliveries: [invoices[mine]],
    });
    const nothing = { invoices: [], recipients: [], deliveries: [] };
    expect(await seen(who('agent', { brandIds: [crypto.randomUUID()] }))).toEqual(nothing);
    expect(await seen(who('legal'))).toEqual(nothing);
    // The gap-free number series and the invoiced items are the admin's commands' alone.
    await expect(as(admin, `SELECT * FROM billing.invoice_series`)).rejects.toThrow(/permission denied/);
    await expect(as(admin, `UPDATE billing.invoice_recipients SET name = name`)).rejects.toThrow(/permission denied/);
  });

  it('refuses to truncate the append-only ledger, also to the tables’ owner', async () => {
    await expect(ds.query(`TRUNCATE billing.ledger_entries`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`TRUNCATE billing.ledger_transactions CASCADE`)).rejects.toThrow(/append-only/);
  });
});
