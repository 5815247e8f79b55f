import { join } from 'node:path';
import fc from 'fast-check';
import { bindMapping, suggestMapping, type ColumnMapping } from './column-mapping';
import { preview } from './placement-preview';
import { readPlacementFile, type SourceRecord } from './file-reading';
import { countryCode, languageCode } from './countries-and-languages';
import { MAX_DAYS_UNTIL_DUE, validateRow, type RowValidationContext } from './row-validation';
import { addDays } from '@amicus/calendar';

const context: RowValidationContext = { today: '2024-06-01', clientCountry: 'BE' };

const header = [
  'Ref',
  'Name',
  'Kind',
  'VAT',
  'Email',
  'Phone',
  'Postcode',
  'Country',
  'Language',
  'Invoice',
  'Issued',
  'Due',
  'Amount',
  'Currency',
  'IBAN',
  'Interest',
  'First reminder',
];
const mapping: ColumnMapping = {
  columns: {
    clientDebtorReference: 'Ref',
    debtorName: 'Name',
    debtorKind: 'Kind',
    vatNumber: 'VAT',
    email: 'Email',
    phone: 'Phone',
    postcode: 'Postcode',
    country: 'Country',
    language: 'Language',
    invoiceNumber: 'Invoice',
    issueDate: 'Issued',
    dueDate: 'Due',
    amount: 'Amount',
    currency: 'Currency',
    debtorIban: 'IBAN',
    interestClause: 'Interest',
    firstReminderSentOn: 'First reminder',
  },
};
const bound = bindMapping(mapping, header);

const good: Record<string, string> = {
  Ref: 'D1',
  Name: 'Café De Zwaan BV',
  Kind: 'B2B',
  VAT: 'BE 0403.170.701',
  Email: ' Info@DeZwaan.be ',
  Phone: '09 234 56 78',
  Postcode: '9000',
  Country: 'België',
  Language: 'Nederlands',
  Invoice: 'F-1',
  Issued: '03/01/2024',
  Due: '02/02/2024',
  Amount: '1.234,56',
  Currency: 'eur',
  IBAN: 'BE68 5390 0754 7034',
  Interest: 'ja',
  'First reminder': '16-02-2024',
};

const record = (changes: Record<string, string> = {}, line = 7): SourceRecord => ({
  line,
  values: header.map((name) => changes[name] ?? good[name] ?? ''),
});

const errorsOf = (changes: Record<string, string>) => {
  const result = validateRow(record(changes), bound, context);
  return result.ok ? [] : result.errors.map((e) => `${e.field}: ${e.reason}`);
};
const warningsOf = (changes: Record<string, string>) =>
  validateRow(record(changes), bound, context).warnings.map((w) => `${w.field}: ${w.reason}`);
/** The file's day-month-year form of a calendar date. */
const dmy = (date: string) => date.split('-').reverse().join('/');

describe('validateRow', () => {
  it('turns a good record into a typed claim row', () => {
    expect(validateRow(record(), bound, context)).toEqual({
      ok: true,
      warnings: [],
      row: {
        line: 7,
        debtor: {
          clientReference: 'D1',
          name: 'Café De Zwaan BV',
          kind: 'business',
          vatNumber: 'BE0403170701',
          email: 'info@dezwaan.be',
          phone: '+3292345678',
          address: { postcode: '9000', country: 'BE' },
          language: 'nl',
          iban: 'BE68539007547034',
        },
        claim: {
          invoiceNumber: 'F-1',
          issueDate: '2024-01-03',
          dueDate: '2024-02-02',
          principal: { amountMinor: 123456n, currency: 'EUR' },
          interestClause: true,
          damagesClause: false,
          firstReminderSentOn: '2024-02-16',
        },
      },
    });
  });

  it('reports every bad field of a row with its line and reason, a bad contact detail as a warning', () => {
    const result = validateRow(
      record({ Name: '', Amount: '-5', Due: '31/02/2024', Email: 'nope@', IBAN: 'BE68539007547035' }),
      bound,
      context,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.line, e.field])).toEqual(
      expect.arrayContaining([
        [7, 'debtorName'],
        [7, 'amount'],
        [7, 'dueDate'],
        [7, 'debtorIban'],
      ]),
    );
    expect(result.errors).toHaveLength(4);
    expect(result.warnings).toEqual([
      { line: 7, field: 'email', reason: "nope@ is not an e-mail address: left out of the debtor's contact details" },
    ]);
  });

  it.each([
    [{ Amount: '0,00' }, 'amount: 0,00 is not more than zero'],
    [{ Amount: '12,3456' }, 'amount: 12,3456 EUR allows at most 2 decimals'],
    [{ Amount: '1,234' }, 'amount: 1,234 is ambiguous: is , a decimal or a thousands separator? Set the decimal separator'],
    [{ Amount: '' }, 'amount: is required'],
    [{ Currency: 'EURO' }, 'currency: EURO is not an ISO 4217 currency'],
    [{ Due: '03/06/2025' }, 'dueDate: 2025-06-03 is more than a year ahead: check the date'],
    [{ Issued: '03/03/2024' }, 'issueDate: 2024-03-03 is after the due date 2024-02-02'],
    [{ Issued: '02/06/2024', Due: '01/07/2024' }, 'issueDate: 2024-06-02 is in the future'],
    [{ Issued: '29/02/2023' }, 'issueDate: "29/02/2023" is not a real calendar date'],
    [{ VAT: 'BE0403170702' }, 'vatNumber: BE0403170702 is not a valid VAT number (checksum)'],
    [{ Country: 'Atlantis' }, 'country: "Atlantis" is not an ISO 3166 country'],
    [{ Language: 'Klingon' }, 'language: "Klingon" is not a language'],
    [{ Kind: 'alien' }, 'debtorKind: "alien" is neither consumer nor business'],
    [{ Interest: 'misschien' }, 'interestClause: "misschien" is not yes or no'],
    [{ 'First reminder': '01/01/2025' }, 'firstReminderSentOn: 2025-01-01 is in the future'],
    [{ Name: 'Caf\uFFFD' }, 'debtorName: has unreadable characters (check the file encoding)'],
  ])('refuses %p', (changes, reason) => {
    expect(errorsOf(changes)).toEqual([reason]);
  });

  it('accepts a due date of today and a phone in E.164 from another country', () => {
    expect(errorsOf({ Due: '01/06/2024', Phone: '+31 6 12345678' })).toEqual([]);
  });

  it('accepts a claim that is not due yet, up to a year ahead', () => {
    const result = validateRow(record({ Due: '01/07/2024', 'First reminder': '' }), bound, context);
    expect(result).toMatchObject({ ok: true, warnings: [], row: { claim: { issueDate: '2024-01-03', dueDate: '2024-07-01' } } });
    expect(errorsOf({ Due: dmy(addDays(context.today, MAX_DAYS_UNTIL_DUE)) })).toEqual([]);
    expect(errorsOf({ Due: dmy(addDays(context.today, MAX_DAYS_UNTIL_DUE + 1)) })).toEqual([
      'dueDate: 2025-06-03 is more than a year ahead: check the date',
    ]);
  });

  it('accepts any due date from today to a year ahead', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_DAYS_UNTIL_DUE }), (days) => {
        const due = addDays(context.today, days);
        const result = validateRow(record({ Due: dmy(due) }), bound, context);
        expect(result.ok && result.row.claim.dueDate).toBe(due);
      }),
    );
  });

  it.each([
    [{ Phone: '12' }, "phone: 12 is not a valid phone number for BE: left out of the debtor's contact details"],
    [{ Country: '', Phone: '0470 12' }, "phone: 0470 12 is not a valid phone number for BE: left out of the debtor's contact details"],
    [{ Email: 'info@dezwaan' }, "email: info@dezwaan is not an e-mail address: left out of the debtor's contact details"],
    [
      { Email: 'info\uFFFD@dezwaan.be' },
      "email: has unreadable characters (check the file encoding): left out of the debtor's contact details",
    ],
    [{ Phone: `+32${'9'.repeat(500)}` }, "phone: is longer than 500 characters: left out of the debtor's contact details"],
  ])('imports %p without the bad contact detail, with a warning', (changes, reason) => {
    const result = validateRow(record(changes), bound, context);
    expect(result.ok).toBe(true);
    expect(warningsOf(changes)).toEqual([reason]);
    const field = reason.startsWith('email') ? 'email' : 'phone';
    expect(result.ok && result.row.debtor[field]).toBeUndefined();
  });

  it('imports a row with a bad e-mail and a bad phone with one warning each', () => {
    const result = validateRow(record({ Email: 'nope', Phone: '12' }), bound, context);
    expect(result.ok && result.row.debtor).toMatchObject({ name: 'Café De Zwaan BV', address: { postcode: '9000', country: 'BE' } });
    expect(result.warnings.map((w) => [w.line, w.field])).toEqual([
      [7, 'email'],
      [7, 'phone'],
    ]);
  });

  it('imports a row with any invalid e-mail, with exactly one warning, on the e-mail', () => {
    const invalid = fc.oneof(
      fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim() !== '' && !s.includes('@')),
      fc.emailAddress().map((e) => `${e}@`),
      fc.emailAddress().map((e) => e.replace('@', ' @')),
      fc.emailAddress().map((e) => e.slice(0, e.indexOf('@') + 1)),
    );
    fc.assert(
      fc.property(invalid, (email) => {
        const result = validateRow(record({ Email: email }), bound, context);
        expect(result.ok).toBe(true);
        expect(result.warnings).toHaveLength(1);
        expect(result.warnings[0]).toMatchObject({ line: 7, field: 'email' });
        expect(result.ok && result.row.debtor.email).toBeUndefined();
      }),
    );
  });

  it('takes the client country for a debtor without one, and reads its local phone numbers', () => {
    const result = validateRow(record({ Country: '', Phone: '0470 12 34 56' }), bound, context);
    expect(result.ok && [result.row.debtor.address.country, result.row.debtor.phone]).toEqual(['BE', '+32470123456']);
  });

  it('makes a debtor with a VAT number a business and one without a consumer when the file does not say', () => {
    const kindOf = (changes: Record<string, string>) => {
      const result = validateRow(record({ Kind: '', ...changes }), bound, context);
      return result.ok ? result.row.debtor.kind : result.errors;
    };
    expect(kindOf({})).toBe('business');
    expect(kindOf({ VAT: '' })).toBe('consumer');
  });

  it('never accepts an amount with more decimals than its currency', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('EUR', 'JPY', 'KWD'),
        fc.nat({ max: 999_999 }),
        fc.nat({ max: 9999 }),
        fc.constantFrom(',', '.'),
        (currency, whole, fraction, separator) => {
          const decimals = String(fraction);
          const result = validateRow(record({ Amount: `${whole}${separator}${decimals}`, Currency: currency }), bound, context);
          const exponent = { EUR: 2, JPY: 0, KWD: 3 }[currency] as number;
          if (result.ok) {
            // Accepted: either the separator grouped thousands, or the decimals fit the currency.
            const minor = result.row.claim.principal.amountMinor;
            const asDecimal = BigInt(whole) * 10n ** BigInt(exponent) + BigInt(decimals.padEnd(exponent, '0').slice(0, exponent) || '0');
            const asGrouped = BigInt(`${whole}${decimals}`) * 10n ** BigInt(exponent);
            expect(decimals.length <= exponent ? [asDecimal, asGrouped] : [asGrouped]).toContain(minor);
          }
        },
      ),
    );
  });
});

describe('countries and languages', () => {
  it('reads ISO codes and names in four languages', () => {
    expect(['BE', 'be', 'België', 'Belgique', 'Belgium', 'Belgien'].map(countryCode)).toEqual(['BE', 'BE', 'BE', 'BE', 'BE', 'BE']);
    expect(countryCode('UK')).toBe('GB');
    expect(countryCode('EU')).toBeUndefined();
    expect(countryCode('YU')).toBeUndefined();
    expect(['nl', 'FR', 'Deutsch', 'Engels', 'français'].map(languageCode)).toEqual(['nl', 'fr', 'de', 'en', 'fr']);
  });
});

describe('sample exports, read, mapped and validated', () => {
  const fixture = (name: string) => join(__dirname, 'fixtures', name);

  async function previewOf(name: string) {
    const table = await readPlacementFile(fixture(name));
    const { mapping: suggested } = suggestMapping(table.header);
    const mapping = { ...suggested, defaults: { currency: 'EUR' } };
    return preview(table.records, bindMapping(mapping, table.header), 100, context);
  }

  it('Exact Online export: good rows typed, the impossible due date reported on its line', async () => {
    const rows = await previewOf('exact-online-export.csv');
    expect(rows.map((r) => [r.line, r.ok])).toEqual([
      [2, true],
      [3, true],
      [4, true],
      [5, false],
      [6, true],
    ]);
    const first = rows[0];
    expect(first?.ok && first.row.claim).toMatchObject({
      principal: { amountMinor: 123456n },
      interestClause: true,
      damagesClause: true,
      firstReminderSentOn: '2024-02-16',
    });
    expect(rows[3]?.ok === false && rows[3].errors).toEqual([
      { line: 5, field: 'dueDate', reason: '"31/02/2024" is not a real calendar date' },
    ]);
    const muller = rows[4];
    expect(muller?.ok && muller.row.debtor).toMatchObject({
      name: 'Müller & Söhne GmbH',
      vatNumber: 'DE136695976',
      language: 'de',
      address: { country: 'DE' },
    });
  });

  it('UTF-8 export: decimal point detected for the file, so KWD 120.125 is read in fils', async () => {
    const rows = await previewOf('utf8-bom-export.csv');
    expect(rows.map((r) => (r.ok ? r.row.claim.principal : r.errors))).toEqual([
      { amountMinor: 125000n, currency: 'EUR' },
      { amountMinor: 9950n, currency: 'EUR' },
      { amountMinor: 120125n, currency: 'KWD' },
    ]);
    const first = rows[0];
    expect(first?.ok && first.row.claim.description).toBe('Maintenance contract Q1\nsite Paris 9e\n(see PO 4471)');
  });

  it('tab-separated German export with dotted dates', async () => {
    const rows = await previewOf('tab-separated-export.tsv');
    expect(
      rows.map((r) => (r.ok ? [r.row.claim.dueDate, r.row.claim.principal.amountMinor, r.row.debtor.address.city] : r.errors)),
    ).toEqual([
      ['2024-03-06', 234500n, 'Köln'],
      ['2024-03-07', 56040n, 'München'],
    ]);
  });
});
