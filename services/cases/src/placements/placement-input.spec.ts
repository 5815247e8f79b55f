import { bindMapping } from './column-mapping';
import { apiHeader, apiMapping, apiRecords, chooseMapping, mappingFromWire, mappingToWire } from './placement-input';
import { validateRow } from './row-validation';

describe('placements by API', () => {
  it('reads a mutation’s claim through the same validator as a file row', () => {
    const [record] = apiRecords([
      {
        debtorName: 'Jan Peeters',
        invoiceNumber: 'F1',
        issueDate: '2025-01-01',
        dueDate: '2025-01-31',
        amount: '1234.50',
        currency: 'EUR',
        interestClause: true,
      },
    ]);
    const result = validateRow(record!, bindMapping(apiMapping, apiHeader), { today: '2025-03-01', clientCountry: 'BE' });
    expect(result).toMatchObject({
      ok: true,
      row: { line: 1, claim: { invoiceNumber: 'F1', principal: { amountMinor: 123450n, currency: 'EUR' }, interestClause: true } },
    });
  });

  it('names the claim’s position as its line', () => {
    const records = apiRecords([{ debtorName: 'A' }, { debtorName: 'B', amount: 'x' }]);
    const result = validateRow(records[1]!, bindMapping(apiMapping, apiHeader), { today: '2025-03-01', clientCountry: 'BE' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.every((e) => e.line === 2)).toBe(true);
  });
});

describe('column mappings', () => {
  it('round-trips through the wire form', () => {
    const mapping = { columns: { debtorName: 'Naam', amount: 'Bedrag' }, decimalSeparator: ',' as const, defaults: { currency: 'EUR' } };
    expect(mappingFromWire(mappingToWire(mapping))).toEqual(mapping);
  });

  it('prefers the given mapping, then the saved one, then the suggestion', () => {
    const a = { columns: { debtorName: 'A' } };
    const b = { columns: { debtorName: 'B' } };
    const c = { columns: { debtorName: 'C' } };
    expect(chooseMapping(a, b, c).source).toBe('given');
    expect(chooseMapping(null, b, c)).toEqual({ mapping: b, source: 'saved' });
    expect(chooseMapping(null, null, c).source).toBe('suggested');
  });
});
