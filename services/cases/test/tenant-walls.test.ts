import type { DataSource } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Outbox } from '@amicus/messaging';
import { importPlacement } from '../src/placements/placement-import';
import { apiHeader, apiMapping, apiRecords } from '../src/placements/placement-input';
import { enterTenant } from '../src/tenancy/tenant-database';
import { freshCasesDatabase, seedClient } from './database';
import { who } from './identities';

/**
 * Postgres itself keeps tenants apart: inside a request transaction (tenant settings + the
 * non-superuser role), a query with no filter at all still sees only the caller's rows.
 */
let ds: DataSource;
let drop: () => Promise<void>;
const outbox = new Outbox('cases');
const A: { clientId: string; brandIds: string[] } = { clientId: '', brandIds: [] };
const B: { clientId: string; brandIds: string[] } = { clientId: '', brandIds: [] };

async function placeOne(t: typeof A, debtorName: string) {
  await ds.transaction((m) =>
    importPlacement(m, (mm, e) => outbox.append(mm, e), {
      placementId: crypto.randomUUID(),
      clientId: t.clientId,
      source: 'api',
      fileName: null,
      actor: { kind: 'admin', id: 'it' },
      correlationId: crypto.randomUUID(),
      header: apiHeader,
      records: apiRecords([
        {
          debtorName,
          invoiceNumber: `INV-${debtorName}`,
          issueDate: '2025-01-01',
          dueDate: '2025-01-31',
          amount: '10.00',
          currency: 'EUR',
        },
      ]),
      mapping: apiMapping,
      now: new Date('2025-03-01T10:00:00Z'),
      timeZone: 'Europe/Brussels',
    }),
  );
}

beforeAll(async () => {
  ({ ds, drop } = await freshCasesDatabase('walls'));
  Object.assign(A, await seedClient(ds));
  Object.assign(B, await seedClient(ds));
  await placeOne(A, 'Debtor of A');
  await placeOne(B, 'Debtor of B');
  await ds.query(`UPDATE cases.cases SET phase = 'legal_review' WHERE client_id = $1`, [B.clientId]);
});
afterAll(() => drop());

/** Every row of a cases table the caller can see, asked without any filter. */
async function unfiltered(identity: Identity, table: string): Promise<Record<string, unknown>[]> {
  return ds.transaction(async (m) => {
    await enterTenant(m, identity);
    return m.query(`SELECT * FROM cases.${table}`);
  });
}

describe('row-level security on the cases schema', () => {
  it('shows a client user only its own client’s rows, even without a filter', async () => {
    const me = who('client_user', { clientId: A.clientId });
    for (const table of ['cases', 'claims', 'debtors', 'placements', 'audit_entries']) {
      const rows = await unfiltered(me, table);
      expect(rows.length).toBeGreaterThan(0);
      expect(JSON.stringify(rows)).not.toContain(B.clientId);
    }
    expect((await unfiltered(me, 'debtors')).map((d) => d.name)).toEqual(['Debtor of A']);
  });

  it('shows an agent only the cases of its brands, and legal staff only cases in legal review or legal', async () => {
    expect((await unfiltered(who('agent', { brandIds: A.brandIds }), 'cases')).map((c) => c.client_id)).toEqual([A.clientId]);
    expect(await unfiltered(who('agent', { brandIds: A.brandIds }), 'placements')).toEqual([]);
    expect((await unfiltered(who('legal'), 'cases')).map((c) => c.client_id)).toEqual([B.clientId]);
    expect((await unfiltered(who('legal'), 'claims')).map((c) => c.invoice_number)).toEqual(['INV-Debtor of B']);
  });

  it('refuses to write a row into another tenant', async () => {
    const me = who('client_user', { clientId: A.clientId });
    await expect(
      ds.transaction(async (m) => {
        await enterTenant(m, me);
        await m.query(`INSERT INTO cases.column_mappings (client_id, mapping, updated_by) VALUES ($1, '{}', 'x')`, [B.clientId]);
      }),
    ).rejects.toThrow(/row-level security/);
  });
});

describe('the audit trail', () => {
  it('refuses UPDATE, DELETE and TRUNCATE, even to the database owner', async () => {
    await expect(ds.query(`UPDATE cases.audit_entries SET reason = 'rewritten'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM cases.audit_entries`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`TRUNCATE cases.audit_entries`)).rejects.toThrow(/append-only|cannot truncate/);
    expect(Number((await ds.query(`SELECT count(*) AS n FROM cases.audit_entries`))[0].n)).toBe(2);
  });

  it('refuses an admin request an UPDATE of an entry by privilege as well', async () => {
    await expect(
      ds.transaction(async (m) => {
        await enterTenant(m, who('agency_admin'));
        await m.query(`UPDATE cases.audit_entries SET reason = 'rewritten'`);
      }),
    ).rejects.toThrow(/permission denied|append-only/);
  });
});
