import { bindMapping, normaliseHeader, suggestMapping, validateMapping, type ColumnMapping } from './column-mapping';
import { preview } from './placement-preview';
import type { SourceRecord } from './file-reading';

describe('suggestMapping', () => {
  it('recognises Dutch, French, English and German header names', () => {
    const header = ['Factuurnummer', 'N° facture', 'Invoice no', 'Rechnungsnummer'];
    for (const name of header) {
      expect(suggestMapping([name, 'Bedrag']).mapping.columns).toEqual({ invoiceNumber: name, amount: 'Bedrag' });
    }
    expect(suggestMapping(['Montant', 'Échéance', 'Vervaldatum']).mapping.columns).toEqual({ amount: 'Montant', dueDate: 'Échéance' });
    expect(suggestMapping(['Fälligkeitsdatum', 'Währung', 'Straße', 'E-Mail', 'BTW-nummer']).mapping.columns).toEqual({
      dueDate: 'Fälligkeitsdatum',
      currency: 'Währung',
      addressLine1: 'Straße',
      email: 'E-Mail',
      vatNumber: 'BTW-nummer',
    });
  });

  it('maps a column at most once and leaves unknown columns unmapped', () => {
    const { mapping, unmapped } = suggestMapping(['Bedrag', 'Montant', 'Kostenplaats']);
    expect(mapping.columns).toEqual({ amount: 'Bedrag' });
    expect(unmapped).toEqual(['Montant', 'Kostenplaats']);
  });

  it('falls back to a header that starts with a known name', () => {
    expect(suggestMapping(['Bedrag incl. btw']).mapping.columns).toEqual({ amount: 'Bedrag incl. btw' });
  });

  it('normalises header names without accents and punctuation', () => {
    expect(normaliseHeader('  N° Facture ')).toBe('n facture');
  });
});

describe('validateMapping', () => {
  const header = ['Naam', 'Factuur', 'Datum', 'Verval', 'Bedrag'];
  const complete: ColumnMapping = {
    columns: { debtorName: 'Naam', invoiceNumber: 'Factuur', issueDate: 'Datum', dueDate: 'Verval', amount: 'Bedrag' },
    defaults: { currency: 'EUR' },
  };

  it('accepts a mapping with every required target and a currency', () => {
    expect(validateMapping(complete, header)).toEqual([]);
  });

  it('names each required target that is not mapped, and a missing currency', () => {
    const problems = validateMapping({ columns: { debtorName: 'Naam' } }, header);
    expect(problems.map((p) => p.target)).toEqual(['invoiceNumber', 'issueDate', 'dueDate', 'amount', 'currency']);
  });

  it('refuses a column mapped twice and a column the file does not have', () => {
    const problems = validateMapping({ ...complete, columns: { ...complete.columns, description: 'Naam', city: 'Plaats' } }, header);
    expect(problems).toEqual([
      { target: 'city', column: 'Plaats', reason: 'is not a column of this file' },
      { target: 'description', column: 'Naam', reason: 'is already mapped to debtorName' },
    ]);
    expect(() => bindMapping({ columns: {} }, header)).toThrow(/invalid column mapping/);
  });
});

describe('preview', () => {
  const header = ['Naam', 'Factuur', 'Datum', 'Verval', 'Bedrag'];
  const bound = bindMapping(
    {
      columns: { debtorName: 'Naam', invoiceNumber: 'Factuur', issueDate: 'Datum', dueDate: 'Verval', amount: 'Bedrag' },
      defaults: { currency: 'EUR' },
    },
    header,
  );
  const records: SourceRecord[] = [
    { line: 2, values: ['Jan', 'F1', '01/01/2024', '31/01/2024', '1.234'] },
    { line: 3, values: ['Piet', 'F2', '01/01/2024', '31/01/2024', '12,50'] },
    { line: 4, values: ['', 'F3', '01/01/2024', '31/01/2024', '5'] },
    { line: 5, values: ['Joris', 'F4', '01/01/2024', '31/01/2024', '6'] },
  ];

  it('shows the first rows as they will be read, with the decimal separator detected from them', async () => {
    let pulled = 0;
    async function* source() {
      for (const record of records) {
        pulled++;
        yield record;
      }
    }
    const rows = await preview(source(), bound, 3, { today: '2024-06-01', clientCountry: 'BE' });
    expect(rows.map((r) => (r.ok ? r.row.claim.principal.amountMinor : r.errors.map((e) => e.field)))).toEqual([
      123400n,
      1250n,
      ['debtorName'],
    ]);
    expect(pulled).toBe(3);
  });
});
