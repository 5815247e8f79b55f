import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { Outbox } from '@amicus/messaging';
import { suggestMapping } from '../src/placements/column-mapping';
import { readCsv } from '../src/placements/file-reading';
import { importPlacement, type Publish } from '../src/placements/placement-import';
import { storedPriorityScore } from '../src/worklist/worklist';
import { freshCasesDatabase, seedClient } from './database';

let ds: DataSource;
let drop: () => Promise<void>;
const outbox = new Outbox('cases');
const publish: Publish = (m, events) => outbox.append(m, events);
const NOW = new Date('2025-03-01T10:00:00Z');

beforeAll(async () => {
  ({ ds, drop } = await freshCasesDatabase('placement'));
});
afterAll(() => drop());

const HEADER = 'Relatiecode;Naam;E-mail;Adres;Postcode;Plaats;Factuurnummer;Factuurdatum;Vervaldatum;Bedrag;Valuta';
const csv = (...lines: string[]) => [HEADER, ...lines].join('\r\n') + '\r\n';

async function place(clientId: string, text: string, failAfterWrite = false) {
  const table = await readCsv(Readable.from([Buffer.from(text, 'utf8')]));
  return ds.transaction(async (m) =>
    importPlacement(
      m,
      failAfterWrite
        ? async () => {
            throw new Error('relay down mid-way');
          }
        : publish,
      {
        placementId: crypto.randomUUID(),
        clientId,
        source: 'file',
        fileName: 'test.csv',
        actor: { kind: 'admin', id: 'tester' },
        correlationId: crypto.randomUUID(),
        header: table.header,
        records: table.records,
        mapping: suggestMapping(table.header).mapping.columns.currency
          ? suggestMapping(table.header).mapping
          : { ...suggestMapping(table.header).mapping, defaults: { currency: 'EUR' } },
        now: NOW,
        timeZone: 'Europe/Brussels',
        batchSize: 2,
      },
    ),
  );
}

const count = async (table: string, clientId: string) =>
  Number((await ds.query(`SELECT count(*) AS n FROM cases.${table} WHERE client_id = $1`, [clientId]))[0].n);

describe('importPlacement', () => {
  it('imports good rows, groups one debtor’s claims in one case and reports bad rows with line, field and reason', async () => {
    const { clientId } = await seedClient(ds);
    const report = await place(
      clientId,
      csv(
        'D1;Jan Peeters;jan@example.be;Kerkstraat 1;9000;Gent;F1;01/01/2025;31/01/2025;100,00;EUR',
        'D1;Jan Peeters;jan@example.be;Kerkstraat 1;9000;Gent;F2;02/01/2025;01/02/2025;50,50;EUR',
        'D2;Ann Janssens;;Markt 2;2000;Antwerpen;F3;03/01/2025;not a date;20,00;EUR',
        ';Ann Janssens;ANN@example.be;Markt 2;2000;Antwerpen;F4;03/01/2025;02/02/2025;20,00;EUR',
        'D3;Piet;;;;;F5;03/01/2025;02/02/2025;-5;EUR',
      ),
    );
    expect(report).toMatchObject({ rowsRead: 5, imported: 3, rejected: 2, casesOpened: 2, casesExtended: 0, duplicates: 0, conflicts: 0 });
    expect(report.issues).toEqual([
      { kind: 'rejected', line: 4, field: 'dueDate', reason: expect.stringContaining('not a date') },
      { kind: 'rejected', line: 6, field: 'amount', reason: expect.stringContaining('not more than zero') },
    ]);
    const cases = await ds.query(
      `SELECT principal_minor::text AS p, phase, oldest_due_date AS oldest FROM cases.cases WHERE client_id = $1 ORDER BY principal_minor`,
      [clientId],
    );
    expect(cases).toEqual([
      { p: '2000', phase: 'placed', oldest: '2025-02-02' },
      { p: '15050', phase: 'placed', oldest: '2025-01-31' },
    ]);
    expect(await count('placement_issues', clientId)).toBe(2);
    const events = await ds.query(
      `SELECT type, count(*)::int AS n FROM cases.outbox WHERE envelope->>'clientId' = $1 GROUP BY type ORDER BY type`,
      [clientId],
    );
    expect(events).toEqual([
      { type: 'CaseOpened', n: 2 },
      { type: 'ClaimsPlaced', n: 2 },
      { type: 'PlacementImported', n: 1 },
    ]);
    expect(
      Number(
        (
          await ds.query(`SELECT count(*) AS n FROM cases.audit_entries a JOIN cases.cases c ON c.id = a.case_id WHERE c.client_id = $1`, [
            clientId,
          ])
        )[0].n,
      ),
    ).toBe(2);
  });

  it('creates nothing new when the same file is imported again, and reports a changed amount without applying it', async () => {
    const { clientId } = await seedClient(ds);
    const rows = [
      'D1;Jan Peeters;jan@example.be;Kerkstraat 1;9000;Gent;F1;01/01/2025;31/01/2025;100,00;EUR',
      'D2;Ann;;Markt 2;2000;Antwerpen;F2;01/01/2025;31/01/2025;10,00;EUR',
    ];
    await place(clientId, csv(...rows));
    const again = await place(clientId, csv(...rows));
    expect(again).toMatchObject({ rowsRead: 2, imported: 0, duplicates: 2, casesOpened: 0, casesExtended: 0 });
    expect(await count('claims', clientId)).toBe(2);
    expect(await count('cases', clientId)).toBe(2);

    const changed = await place(
      clientId,
      csv(rows[0]!.replace('100,00', '120,00'), 'D1;Jan Peeters;;;;;F9;01/02/2025;15/02/2025;5,00;EUR'),
    );
    expect(changed).toMatchObject({ imported: 1, conflicts: 1, casesExtended: 1, casesOpened: 0 });
    expect(changed.issues[0]).toMatchObject({ kind: 'changed_amount', line: 2, field: 'amount' });
    expect(
      (await ds.query(`SELECT principal_minor::text AS p FROM cases.claims WHERE client_id = $1 AND invoice_number = 'F1'`, [clientId]))[0]
        .p,
    ).toBe('10000');
  });

  it('matches a debtor by VAT number, then e-mail, then name and postcode', async () => {
    const { clientId } = await seedClient(ds);
    await place(clientId, csv(';Café De Zwaan BV;info@zwaan.be;Kerkstraat 1;9000;Gent;A1;01/01/2025;31/01/2025;10,00;EUR'));
    const report = await place(
      clientId,
      csv(
        ';Someone Else;INFO@zwaan.be;;;;A2;01/01/2025;31/01/2025;10,00;EUR',
        ';Cafe de Zwaan;;Elders 3;9000;Gent;A3;01/01/2025;31/01/2025;10,00;EUR',
      ),
    );
    expect(report).toMatchObject({ imported: 2, casesOpened: 0, casesExtended: 1 });
    expect(await count('debtors', clientId)).toBe(1);
  });

  it('stores the same priority score in SQL as the worklist computes in TypeScript', async () => {
    const { clientId } = await seedClient(ds);
    const amounts = ['0,01', '1,00', '99,99', '100,00', '1.234,56', '98.765,43', '5.000.000,00'];
    await place(
      clientId,
      csv(...amounts.map((a, i) => `R${i};Debtor ${i};;;;;S${i};01/01/2025;${String(1 + i).padStart(2, '0')}/02/2025;${a};EUR`)),
    );
    const rows = await ds.query(
      `SELECT principal_minor::text AS p, oldest_due_date AS oldest, priority_score::text AS score FROM cases.cases WHERE client_id = $1`,
      [clientId],
    );
    expect(rows).toHaveLength(amounts.length);
    for (const r of rows) {
      expect(r.score).toBe(
        String(
          storedPriorityScore({
            caseId: 'x',
            openAmount: { amountMinor: BigInt(r.p), currency: 'EUR' },
            oldestDueDate: r.oldest,
            brokenPromises: 0,
          }),
        ),
      );
    }
  });

  it('totals and scores a case once, whether its claims come in the batch that opens it or in later ones too', async () => {
    const { clientId } = await seedClient(ds);
    // Batches of two: A's claims in the first batch only, B's in the first, second and third.
    await place(
      clientId,
      csv(
        'A;Debtor A;;;;;T1;01/01/2025;10/02/2025;10,00;EUR',
        'A;Debtor A;;;;;T2;01/01/2025;05/02/2025;5,00;EUR',
        'B;Debtor B;;;;;T3;01/01/2025;20/02/2025;100,00;EUR',
        'C;Debtor C;;;;;T4;01/01/2025;20/02/2025;1,00;EUR',
        'B;Debtor B;;;;;T5;01/01/2025;02/02/2025;1.000,00;EUR',
      ),
    );
    const rows = await ds.query(
      `SELECT d.name, c.principal_minor::text AS p, c.oldest_due_date AS oldest, c.priority_score::text AS score, c.version
         FROM cases.cases c JOIN cases.debtors d ON d.id = c.debtor_id WHERE c.client_id = $1 ORDER BY d.name`,
      [clientId],
    );
    expect(rows.map((r: { name: string; p: string; oldest: string; version: number }) => [r.name, r.p, r.oldest, r.version])).toEqual([
      ['Debtor A', '1500', '2025-02-05', 1],
      ['Debtor B', '110000', '2025-02-02', 1],
      ['Debtor C', '100', '2025-02-20', 1],
    ]);
    for (const r of rows)
      expect(r.score).toBe(
        String(
          storedPriorityScore({
            caseId: 'x',
            openAmount: { amountMinor: BigInt(r.p), currency: 'EUR' },
            oldestDueDate: r.oldest,
            brokenPromises: 0,
          }),
        ),
      );
  });

  it('places claims not yet due, keeps a row with a bad e-mail or phone without it (with a warning) and keeps every issue', async () => {
    const { clientId } = await seedClient(ds);
    const header = 'Relatiecode;Naam;E-mail;Telefoon;Adres;Postcode;Plaats;Factuurnummer;Factuurdatum;Vervaldatum;Bedrag;Valuta';
    const report = await place(
      clientId,
      [
        header,
        'D1;Jan Peeters;jan@example.be;0470 12 34 56;Kerkstraat 1;9000;Gent;P1;20/02/2025;22/03/2025;100,00;EUR',
        'D2;Ann Janssens;ann@example;0470 65 43 21;Markt 2;2000;Antwerpen;P2;01/01/2025;31/01/2025;20,00;EUR',
        'D3;Piet Claes;piet@example.be;12;Dorp 3;3000;Leuven;P3;01/01/2025;31/01/2025;30,00;EUR',
        'D4;Mia;mia@;;;;;P4;01/01/2025;not a date;5,00;EUR',
        'D5;Lotte;;;;;;P5;01/01/2025;03/03/2026;5,00;EUR',
      ].join('\r\n'),
    );
    expect(report).toMatchObject({ rowsRead: 5, imported: 3, rejected: 2, casesOpened: 3, warnings: 3 });
    expect(report.issues).toEqual([
      {
        kind: 'warning',
        line: 3,
        field: 'email',
        reason: "ann@example is not an e-mail address: left out of the debtor's contact details",
      },
      {
        kind: 'warning',
        line: 4,
        field: 'phone',
        reason: "12 is not a valid phone number for BE: left out of the debtor's contact details",
      },
      { kind: 'rejected', line: 5, field: 'dueDate', reason: expect.stringContaining('not a date') },
      { kind: 'warning', line: 5, field: 'email', reason: expect.stringContaining('mia@ is not an e-mail address') },
      { kind: 'rejected', line: 6, field: 'dueDate', reason: '2026-03-03 is more than a year ahead: check the date' },
    ]);
    const kept = await ds.query(`SELECT kind, line, field FROM cases.placement_issues WHERE placement_id = $1 ORDER BY seq`, [
      report.placementId,
    ]);
    expect(kept).toEqual(report.issues.map(({ kind, line, field }) => ({ kind, line, field })));

    const debtors = await ds.query(`SELECT name, emails, phones FROM cases.debtors WHERE client_id = $1 ORDER BY name`, [clientId]);
    expect(debtors).toEqual([
      { name: 'Ann Janssens', emails: [], phones: ['+32470654321'] },
      { name: 'Jan Peeters', emails: ['jan@example.be'], phones: ['+32470123456'] },
      { name: 'Piet Claes', emails: ['piet@example.be'], phones: [] },
    ]);
    const notDue = await ds.query(
      `SELECT c.due_date AS due, k.oldest_due_date AS oldest FROM cases.claims c JOIN cases.cases k ON k.id = c.case_id WHERE c.client_id = $1 AND c.invoice_number = 'P1'`,
      [clientId],
    );
    expect(notDue).toEqual([{ due: '2025-03-22', oldest: '2025-03-22' }]);
  });

  it('leaves nothing behind when the placement fails part-way', async () => {
    const { clientId } = await seedClient(ds);
    await expect(
      place(
        clientId,
        csv(
          'D1;Jan;;;;;F1;01/01/2025;31/01/2025;1,00;EUR',
          'D2;Ann;;;;;F2;01/01/2025;31/01/2025;1,00;EUR',
          'D3;Piet;;;;;F3;01/01/2025;31/01/2025;1,00;EUR',
        ),
        true,
      ),
    ).rejects.toThrow('relay down');
    for (const table of ['placements', 'claims', 'cases', 'debtors']) expect(await count(table, clientId)).toBe(0);
  });
});
