import type { DataSource } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import { CaseReadsService } from '../src/case-file/case-reads.service';
import { bulkOutbox } from '../src/bulk-writes/bulk-outbox';
import { importPlacement } from '../src/placements/placement-import';
import { apiHeader, apiMapping, apiRecords } from '../src/placements/placement-input';
import { TenantDatabase } from '../src/tenancy/tenant-database';
import { freshCasesDatabase, seedClient } from './database';

/** The case list: filters, sorting and keyset cursors, through the service, on the real database. */
let ds: DataSource;
let drop: () => Promise<void>;
let service: CaseReadsService;
const admin: Identity = { subject: 'admin', role: 'agency_admin', clientId: null, brandIds: [], email: null };
let clientId = '';

beforeAll(async () => {
  ({ ds, drop } = await freshCasesDatabase('list'));
  const tenant = new TenantDatabase(ds);
  service = new CaseReadsService(tenant, new Clock('Europe/Brussels'));
  ({ clientId } = await seedClient(ds));
  const amounts = ['10.00', '20.00', '30.00', '40.00', '50.00', '60.00', '70.00'];
  await ds.transaction((m) =>
    importPlacement(m, bulkOutbox('cases'), {
      placementId: crypto.randomUUID(),
      clientId,
      source: 'api',
      fileName: null,
      actor: { kind: 'admin', id: 'it' },
      correlationId: crypto.randomUUID(),
      header: apiHeader,
      records: apiRecords(
        amounts.map((amount, i) => ({
          debtorName: `Debtor ${i}`,
          invoiceNumber: `L-${i}`,
          issueDate: '2024-12-01',
          dueDate: `2025-01-0${i + 1}`,
          amount,
          currency: 'EUR',
        })),
      ),
      mapping: apiMapping,
      now: new Date('2025-03-01T10:00:00Z'),
      timeZone: 'Europe/Brussels',
    }),
  );
});
afterAll(() => drop());

async function allPages(order: { field: 'open_minor' | 'oldest_due_date'; direction: 'ASC' | 'DESC' }, filter = {}): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 10; page++) {
    const result = await service.list(admin, { filter: { clientId, ...filter }, order, first: 3, after });
    seen.push(...result.nodes.map((n) => n.balance.openMinor));
    if (!result.hasNextPage) return seen;
    after = result.endCursor;
  }
  throw new Error('pagination did not end');
}

describe('the case list', () => {
  it('pages through every case exactly once, in order, either direction', async () => {
    expect(await allPages({ field: 'open_minor', direction: 'DESC' })).toEqual(['7000', '6000', '5000', '4000', '3000', '2000', '1000']);
    expect(await allPages({ field: 'oldest_due_date', direction: 'ASC' })).toEqual([
      '1000',
      '2000',
      '3000',
      '4000',
      '5000',
      '6000',
      '7000',
    ]);
  });

  it('filters by balance range and age', async () => {
    expect(await allPages({ field: 'open_minor', direction: 'ASC' }, { minOpenMinor: '2500', maxOpenMinor: '5000' })).toEqual([
      '3000',
      '4000',
      '5000',
    ]);
    // Ages count from the oldest due date to today; all these are older than 30 days, none older than 100 years.
    expect(await allPages({ field: 'open_minor', direction: 'ASC' }, { minAgeDays: 30, maxAgeDays: 36500 })).toHaveLength(7);
    expect(await allPages({ field: 'open_minor', direction: 'ASC' }, { maxAgeDays: 1 })).toEqual([]);
  });

  it('refuses a cursor it did not give out', async () => {
    await expect(
      service.list(admin, { filter: {}, order: { field: 'open_minor', direction: 'ASC' }, first: 3, after: 'not-a-cursor' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('gives a case its history in the order it happened, past the ninth entry', async () => {
    const [{ id: caseId }] = await ds.query(`SELECT id FROM cases.cases WHERE client_id = $1 ORDER BY id LIMIT 1`, [clientId]);
    for (let i = 0; i < 12; i++) {
      await ds.query(
        `INSERT INTO cases.audit_entries (case_id, actor_kind, actor_id, at, action, reason, after) VALUES ($1, 'admin', 'it', now(), 'note', $2, '{}')`,
        [caseId, `entry ${i}`],
      );
    }
    const history = await service.history(admin, caseId);
    const seqs = history.map((h) => Number(h.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(history.slice(-12).map((h) => h.reason)).toEqual(Array.from({ length: 12 }, (_, i) => `entry ${i}`));
  });
});
