import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '@amicus/errors';
import { parseBankStatement, readBankStatementFile, readBankStatements } from './bank-statement-file';
import type { BankStatementEntry, BankStatementFile } from './bank-statement';

const fixture = (name: string) => join(__dirname, 'fixtures', name);

async function problemsOf(read: Promise<unknown>): Promise<{ field: string; reason: string }[]> {
  try {
    await read;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('invalid_input');
    return (error as DomainError).problems;
  }
  throw new Error('expected the file to be refused');
}

const entries = (file: BankStatementFile, statement = 0): BankStatementEntry[] => file.statements[statement]?.entries ?? [];

describe('CAMT.053 from banks', () => {
  it('reads a Swiss bank’s camt.053.001.04 with a EUR payment booked on a CHF account', async () => {
    const file = await readBankStatementFile(fixture('camt053-v04-credit-suisse-multi-currency.xml'));
    expect(file).toMatchObject({ format: 'camt.053', version: 'camt.053.001.04', messageId: 'CAMT053_20210915_004838403_OIE4KJJP' });
    const [statement] = file.statements;
    expect(statement).toMatchObject({
      statementId: '47608f88362e485da1eaaa654ab4f84b',
      sequence: '45',
      currency: 'CHF',
      account: { iban: 'CH1904835028789771000', bic: 'CRESCHZZ80A', holderName: "Ass. Générale des Etudiants de l'" },
      openingBalance: { amount: { amountMinor: 35077785n, currency: 'CHF' }, date: '2021-09-14' },
      closingBalance: { amount: { amountMinor: 35033264n, currency: 'CHF' }, date: '2021-09-14' },
      balanceCheck: { ok: true, credits: 13400n, debits: 57921n, expectedClosing: 35033264n, difference: 0n },
    });
    // The booked amount in the account's currency, not the instructed 522.39 EUR of the transaction.
    expect(entries(file)[0]).toMatchObject({
      bankReference: 'DNXK210913CS36481/1001',
      amount: { amountMinor: 57921n, currency: 'CHF' },
      direction: 'debit',
      bookingDate: '2021-09-14',
      valueDate: '2021-09-14',
      counterparty: { name: 'Batelier', iban: 'FR7616806051006610853101177', bic: 'AGRIFRPP868' },
      remittanceText: 'Devis DEV-01387',
      endToEndId: 'SP-98803960-0',
      bankTransactionCode: 'PMNT/ICDT/ESCT',
      location: 'Stmt[1]/Ntry[1]',
    });
    expect(entries(file)[1]).toMatchObject({
      amount: { amountMinor: 13400n },
      direction: 'credit',
      counterparty: { name: 'EPFL', iban: null },
    });
  });

  it('splits a PostFinance batch booking into its two payments, the balance counting the booking once', async () => {
    const file = await readBankStatementFile(fixture('camt053-v04-postfinance-batch.xml'));
    const [statement] = file.statements;
    // No Acct/Ccy in this file: the currency comes from the opening balance.
    expect(statement?.currency).toBe('CHF');
    expect(statement?.balanceCheck).toMatchObject({ ok: true, opening: 7596015n, credits: 348300n, closing: 7944315n });
    expect(entries(file).map((e) => [e.amount.amountMinor, e.counterparty.iban, e.unrecognisedReference, e.batch])).toEqual([
      [
        218700n,
        'CH2222000000123456789',
        '302388292000011111111111111',
        { bookingReference: '20170323001234567891234567891234', index: 1, count: 2 },
      ],
      [
        129600n,
        'CH3333000000123456789',
        '302388292000022222222222222',
        { bookingReference: '20170323001234567891234567891234', index: 2, count: 2 },
      ],
    ]);
    // A Swiss ISR reference is kept, but it is not the agency's OGM or RF.
    expect(entries(file).every((e) => e.structuredReference === null)).toBe(true);
    expect(new Set(entries(file).map((e) => e.entryId)).size).toBe(2);
  });

  it('reads several statements of one camt.053.001.02 file', async () => {
    const file = await readBankStatementFile(fixture('camt053-v02-multi-statement.xml'));
    expect(file.statements.map((s) => [s.statementId, s.sequence, s.entryCount, s.balanceCheck.ok])).toEqual([
      ['253EURNL26VAYB8060476890', '12312', 1, true],
      ['254EURNL26VAYB8060476890', null, 1, true],
    ]);
    expect(entries(file, 1)[0]).toMatchObject({
      direction: 'debit',
      amount: { amountMinor: 700n },
      counterparty: { name: 'Company Name 2', iban: 'NL56AGDH9619008421' },
    });
  });
});

describe('CAMT.053 of the agency’s own accounts (camt.053.001.08, two currencies)', () => {
  let file: BankStatementFile;
  beforeAll(async () => {
    file = await readBankStatementFile(fixture('camt053-v08-belgian-two-currencies.xml'));
  });

  it('finds the OGM in the structured field, the RF reference by issuer ISO, an OGM typed in the free text', () => {
    expect(entries(file).map((e) => [e.structuredReference?.formatted ?? null, e.structuredReference?.source ?? null])).toEqual([
      ['+++000/1000/04269+++', 'structured'],
      ['RF59 1000 050', 'structured'],
      ['+++000/1000/04471+++', 'free-text'],
      [null, null],
      ['+++000/1000/04572+++', 'free-text'],
    ]);
    expect(entries(file)[0]).toMatchObject({
      counterparty: { name: 'Janssens An', iban: 'BE71096123456769', bic: 'GKCCBEBB' },
      endToEndId: null,
    });
    expect(entries(file)[1]?.counterparty.name).toBe("Société Générale d'Électricité SA");
  });

  it('takes the day a booking time names, and leaves a pending entry out with a note', () => {
    expect(entries(file)[4]).toMatchObject({ bookingDate: '2025-03-04', valueDate: '2025-03-05', amount: { amountMinor: 7525n } });
    expect(file.statements[0]?.notes).toEqual(['Stmt[1]/Ntry[4]: status PDNG, not booked; left out']);
    expect(file.statements[0]?.balanceCheck).toEqual({
      ok: true,
      opening: 1250000n,
      credits: 47525n,
      debits: 3500n,
      expectedClosing: 1294025n,
      closing: 1294025n,
      difference: 0n,
    });
  });

  it('reports a statement whose balance is off with both figures, and a mistyped OGM as unrecognised', () => {
    const usd = file.statements[1];
    expect(usd).toMatchObject({ currency: 'USD', openingBalance: { amount: { amountMinor: -120000n, currency: 'USD' } } });
    expect(usd?.balanceCheck).toMatchObject({ ok: false, expectedClosing: 1879990n, closing: 1879991n, difference: 1n });
    expect(usd?.entries[0]).toMatchObject({
      structuredReference: null,
      unrecognisedReference: '000100004674',
      amount: { amountMinor: 1999990n, currency: 'USD' },
    });
  });
});

describe('CODA from banks', () => {
  it('reads a KBC statement: the OGM of structured communication 101, a loan repayment split in its details', async () => {
    const file = await readBankStatementFile(fixture('coda-kbc-odoo.cod'));
    expect(file).toMatchObject({ format: 'coda', version: 'coda 2', messageId: '00178299' });
    const [statement] = file.statements;
    expect(statement).toMatchObject({
      statementId: 'BE33737018595246/2011/135',
      sequence: '135',
      account: { iban: 'BE33737018595246', holderName: 'NOVIAT NV', bic: 'KREDBEBB' },
      currency: 'EUR',
      openingBalance: { amount: { amountMinor: 1181270n, currency: 'EUR' }, date: '2010-07-27' },
      closingBalance: { amount: { amountMinor: 1352781n, currency: 'EUR' }, date: '2011-01-11' },
      balanceCheck: { ok: true, credits: 310819n, debits: 139308n },
    });
    expect(entries(file)[1]).toMatchObject({
      direction: 'credit',
      amount: { amountMinor: 304445n },
      bookingDate: '2011-01-11',
      structuredReference: { scheme: 'ogm', electronic: '240283842818', formatted: '+++240/2838/42818+++', source: 'structured' },
      counterparty: { name: 'PARTNER 2', iban: 'BE61310126985517', bic: 'BBRUBEBB' },
      bankTransactionCode: '00150000',
      location: 'line 7',
    });
    // Two identical bookings in one statement (the file repeats one): twins get distinct ids.
    const loan = entries(file).filter((e) => e.remittanceText === 'KBC-INVESTERINGSKREDIET 737-6543210-21');
    expect(loan.map((e) => e.amount.amountMinor)).toEqual([41992n, 5912n, 41992n, 5912n]);
    expect(new Set(loan.map((e) => e.entryId)).size).toBe(4);
    expect(loan[2]?.entryId).toBe(`${loan[0]?.entryId}#2`);
    expect(statement?.notes).toEqual([
      'the new balance record names account BE44734024486445 EUR, the old balance record BE33737018595246',
    ]);
  });

  it('reads a bank-totalised credit as one entry per OGM, and a second statement in USD', async () => {
    const file = await readBankStatementFile(fixture('coda-globalisation-two-currencies.cod'));
    expect(file.statements.map((s) => [s.currency, s.entryCount, s.balanceCheck.ok, s.closingBalance.amount.amountMinor])).toEqual([
      ['EUR', 5, true, 169025n],
      ['USD', 1, true, 187999n],
    ]);
    expect(
      entries(file).map((e) => [
        e.amount.amountMinor,
        e.direction,
        e.structuredReference?.electronic ?? null,
        e.counterparty.name,
        e.batch?.index ?? null,
      ]),
    ).toEqual([
      [10000n, 'credit', '000100004269', 'JANSSENS AN', 1],
      [25050n, 'credit', '000100004370', 'PEETERS JAN', 2],
      [4950n, 'credit', '000100004471', 'DE VRIES BV', 3],
      [3500n, 'debit', null, null, null],
      [7525n, 'credit', '000100004572', 'MAES EN ZONEN BV', null],
    ]);
    // The free communication runs on from record 21 into 22; the address of record 32 is no part of it.
    expect(entries(file)[4]).toMatchObject({
      remittanceText: 'BETALING FACTUUR 2025/117 REF +++000/1000/04572+++ BEDANKT',
      endToEndId: 'E2E-2025-117',
      valueDate: '2025-03-05',
    });
    expect(entries(file)[0]?.remittanceText).toBeNull();
    expect(entries(file, 1)[0]).toMatchObject({
      structuredReference: { electronic: '000100004673' },
      counterparty: { iban: 'GB29NWBK60161331926819' },
    });
    expect(file.statements[1]?.openingBalance.amount.amountMinor).toBe(-12000n);
  });
});

describe('files that are not statements, or are broken', () => {
  it('refuses a CSV export, naming what it starts with', async () => {
    const problems = await problemsOf(readBankStatementFile(fixture('not-a-statement.csv')));
    expect(problems).toEqual([
      { field: 'line 1', reason: expect.stringContaining('not a bank statement: starts with "Datum;Omschrijving;Bedrag"') },
    ]);
  });

  it('refuses an empty file', async () => {
    expect(await problemsOf(parseBankStatement(''))).toEqual([{ field: 'file', reason: 'empty: no bank statement in it' }]);
  });

  it('refuses a truncated CAMT file with the element it broke off in', async () => {
    const problems = await problemsOf(readBankStatementFile(fixture('camt053-malformed-truncated.xml')));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toMatch(/^Document\/BkToCstmrStmt\/Stmt\/Ntry.* \(line \d+, column \d+\)$/);
    expect(problems[0]?.reason).toMatch(/^not well-formed XML/);
  });

  it('refuses another ISO 20022 message and XML that is no statement', async () => {
    const camt054 =
      '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn/></Document>';
    expect(await problemsOf(parseBankStatement(camt054))).toEqual([
      { field: 'Document', reason: 'an ISO 20022 camt.054.001.08 message, not a camt.053 bank statement' },
    ]);
    const html = '<html><body>hello</body></html>';
    expect((await problemsOf(parseBankStatement(html)))[0]?.reason).toMatch(/^root element html without a namespace/);
  });

  it('refuses a CODA file with a short record and names its line; nothing of the good statement comes back', async () => {
    const problems = await problemsOf(readBankStatementFile(fixture('coda-malformed-short-record.cod')));
    expect(problems[0]).toEqual({ field: 'line 3', reason: '127 characters; a CODA record has 128' });
    expect(problems.map((p) => p.field)).toContain('line 16');
  });

  it('names the element and the reason of a bad amount, a missing balance and a currency that is not the account’s', async () => {
    const good = readFileSync(fixture('camt053-v08-belgian-two-currencies.xml'), 'utf8');
    const badAmount = good.replace('<Amt Ccy="EUR">35.00</Amt>', '<Amt Ccy="EUR">35,00</Amt>');
    expect(await problemsOf(parseBankStatement(badAmount))).toEqual([
      {
        field: expect.stringMatching(/^Document\/BkToCstmrStmt\/Stmt\[1\]\/Ntry\[2\]\/Amt \(line \d+\)$/),
        reason: '"35,00" is not an amount',
      },
    ]);
    const noClosing = good.replace(
      '<Cd>CLBD</Cd></CdOrPrtry></Tp>\n        <Amt Ccy="USD">',
      '<Cd>CLAV</Cd></CdOrPrtry></Tp>\n        <Amt Ccy="USD">',
    );
    expect(await problemsOf(parseBankStatement(noClosing))).toEqual([
      { field: 'Document/BkToCstmrStmt/Stmt[2]', reason: 'no closing balance (Bal with Tp/CdOrPrtry/Cd CLBD)' },
    ]);
    const otherCurrency = good.replace('<Amt Ccy="USD">19999.90</Amt>', '<Amt Ccy="EUR">19999.90</Amt>');
    expect((await problemsOf(parseBankStatement(otherCurrency)))[0]?.reason).toBe("currency EUR; the statement's account is in USD");
    const tooPrecise = good.replace('<Amt Ccy="EUR">75.25</Amt>\n        <CdtDbtInd>', '<Amt Ccy="EUR">75.255</Amt>\n        <CdtDbtInd>');
    expect((await problemsOf(parseBankStatement(tooPrecise)))[0]?.reason).toBe('"75.255" has more decimals than EUR has (2)');
  });

  it('names the CODA line and positions of a bad date, a bad trailer and a version 1 header', async () => {
    const good = readFileSync(fixture('coda-globalisation-two-currencies.cod'), 'latin1').split('\r\n');
    const withLine = (index: number, edit: (record: string) => string) => good.map((r, i) => (i === index ? edit(r) : r)).join('\r\n');
    const badDate = withLine(1, (r) => r.slice(0, 58) + '310225' + r.slice(64));
    expect(await problemsOf(parseBankStatement(badDate))).toEqual([
      { field: 'line 2, positions 59-64', reason: 'old balance date "310225" is not a date (DDMMYY)' },
    ]);
    const trailer = good.findIndex((r) => r.startsWith('9'));
    const badCount = withLine(trailer, (r) => r.slice(0, 16) + '000099' + r.slice(22));
    expect(await problemsOf(parseBankStatement(badCount))).toEqual([
      { field: `line ${trailer + 1}, positions 17-22`, reason: 'the trailer counts 99 records; the statement has 18' },
    ]);
    const badCredit = withLine(trailer, (r) => r.slice(0, 37) + '000000000000001' + r.slice(52));
    expect((await problemsOf(parseBankStatement(badCredit)))[0]).toEqual({
      field: `line ${trailer + 1}, positions 38-52`,
      reason: "the trailer's credit total is 0.001; the movements add up to 475.250",
    });
    const version1 = withLine(0, (r) => r.slice(0, 127) + '1');
    expect((await problemsOf(parseBankStatement(version1)))[0]).toEqual({
      field: 'line 1, position 128',
      reason: 'CODA version 1; only version 2 is read',
    });
    const cut = good.slice(0, 10).join('\r\n');
    expect((await problemsOf(parseBankStatement(cut))).at(-1)?.reason).toMatch(/^the file ends before the trailer record 9/);
  });
});

describe('reading in pieces', () => {
  it('reads the same however the bytes are cut, and as Windows-1252 when the file is not UTF-8', async () => {
    for (const name of ['camt053-v08-belgian-two-currencies.xml', 'coda-globalisation-two-currencies.cod']) {
      const bytes = readFileSync(fixture(name));
      const whole = await parseBankStatement(bytes);
      async function* inPieces(size: number): AsyncGenerator<Uint8Array> {
        for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
      }
      for (const size of [1, 7, 128, 4096]) expect(await readBankStatements(inPieces(size))).toEqual(whole);
    }
    const latin1 = Buffer.from(readFileSync(fixture('coda-kbc-odoo.cod'), 'utf8').replace('NOVIAT NV ', 'NOVIAT NVé'), 'latin1');
    expect((await parseBankStatement(latin1)).statements[0]?.account.holderName).toBe('NOVIAT NVé');
  });

  it('streams entries without keeping them, with the same ids, counts and balance check', async () => {
    const kept = await readBankStatementFile(fixture('coda-kbc-odoo.cod'));
    const streamed: string[] = [];
    const light = await readBankStatementFile(fixture('coda-kbc-odoo.cod'), {
      keepEntries: false,
      onEntry: (e) => streamed.push(e.entryId),
    });
    expect(light.statements[0]?.entries).toEqual([]);
    expect(light.statements[0]?.entryCount).toBe(kept.statements[0]?.entryCount);
    expect(light.statements[0]?.balanceCheck).toEqual(kept.statements[0]?.balanceCheck);
    expect(streamed).toEqual(entries(kept).map((e) => e.entryId));
  });
});
