import fc from 'fast-check';
import { creditorReferenceFrom, ogmFromNumber } from '@amicus/payment-references';
import type { BankStatementEntry, BankStatementFile, RecognisedReference } from './bank-statement';
import { amountMinorOf, referenceInFreeText } from './bank-statement';
import { parseBankStatement } from './bank-statement-file';
import { camt053Chunks, codaLines, type EntryToWrite, type StatementToWrite } from './statement-writing';

const word = fc.stringMatching(/^[A-Z][A-Z]{0,9}$/);
const words = (max: number) => fc.array(word, { minLength: 1, maxLength: 8 }).map((w) => w.join(' ').slice(0, max).trim());
const date = fc.integer({ min: 0, max: 3000 }).map((d) => new Date(Date.UTC(2020, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
const iban = fc.stringMatching(/^[0-9]{14}$/).map((d) => `BE${d}`);

type Reference = { kind: 'none' } | { kind: 'ogm' | 'rf'; n: number; where: 'structured' | 'free-text' };
const reference: fc.Arbitrary<Reference> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.record({
    kind: fc.constantFrom('ogm' as const, 'rf' as const),
    n: fc.integer({ min: 1, max: 9_999_999 }),
    where: fc.constantFrom('structured' as const, 'free-text' as const),
  }),
);

function recognised(ref: Reference): RecognisedReference | null {
  if (ref.kind === 'none') return null;
  if (ref.kind === 'ogm') {
    const ogm = ogmFromNumber(ref.n);
    return { scheme: 'ogm', electronic: ogm.digits, formatted: ogm.formatted, source: ref.where };
  }
  const rf = creditorReferenceFrom(String(ref.n));
  return { scheme: 'rf', electronic: rf.electronic, formatted: rf.formatted, source: ref.where };
}

const entry = (currency: string) =>
  fc
    .record({
      bankReference: fc.stringMatching(/^[A-Z0-9]{6,21}$/),
      bookingDate: date,
      valueDate: fc.option(date, { nil: null }),
      amountMinor: fc.bigInt({ min: 1n, max: 10n ** 9n }),
      direction: fc.constantFrom('credit' as const, 'debit' as const),
      name: fc.option(words(35), { nil: null }),
      iban: fc.option(iban, { nil: null }),
      bic: fc.option(fc.constantFrom('GKCCBEBB', 'KREDBEBB', 'BBRUBEBB'), { nil: null }),
      reference,
      text: fc.option(words(60), { nil: null }),
      endToEndId: fc.option(fc.stringMatching(/^[A-Z0-9-]{1,35}$/), { nil: null }),
    })
    .map(({ reference: ref, text, amountMinor, name, iban: accountIban, bic, ...e }): EntryToWrite => {
      const structuredReference = recognised(ref);
      // A reference the payer typed is in the free text, between words.
      const remittanceText =
        structuredReference?.source === 'free-text' ? [text, structuredReference.formatted, 'THANKS'].filter(Boolean).join(' ') : text;
      return {
        ...e,
        amount: { amountMinor, currency },
        reversal: false,
        counterparty: { name, iban: accountIban, bic },
        structuredReference,
        remittanceText,
        batch: null,
      };
    });

/** A statement whose balance adds up, some entries grouped in batches of one direction. */
const statement = fc
  .record({
    currency: fc.constantFrom('EUR', 'USD', 'JPY', 'BHD', 'CHF'),
    account: iban,
    sequence: fc.integer({ min: 1, max: 999 }),
    opening: fc.bigInt({ min: -(10n ** 9n), max: 10n ** 10n }),
  })
  .chain((head) =>
    fc.record({
      head: fc.constant(head),
      entries: fc.array(entry(head.currency), { maxLength: 25 }),
      batchAt: fc.array(fc.integer({ min: 0, max: 24 }), { maxLength: 3 }),
    }),
  )
  .map(({ head, entries, batchAt }): StatementToWrite & { entries: EntryToWrite[] } => {
    const batched = [...entries];
    for (const at of batchAt) {
      const group = batched.slice(at, at + 3);
      if (group.length < 2 || group.some((e) => e.batch || e.direction !== group[0]?.direction)) continue;
      group.forEach(
        (e, i) =>
          (batched[at + i] = {
            ...e,
            bookingDate: group[0]!.bookingDate,
            valueDate: group[0]!.valueDate,
            batch: { bookingReference: `B${at}X${group[0]!.bankReference}`.slice(0, 21), index: i + 1, count: group.length },
          }),
      );
    }
    const net = batched.reduce((total, e) => total + (e.direction === 'credit' ? e.amount.amountMinor : -e.amount.amountMinor), 0n);
    const last = batched.at(-1)?.bookingDate ?? '2024-06-30';
    return {
      statementId: `STMT-${head.sequence}`,
      sequence: String(head.sequence),
      account: { iban: head.account, number: head.account, holderName: 'AMICUS INCASSO NV', bic: 'GKCCBEBB' },
      currency: head.currency,
      openingBalance: { amount: { amountMinor: head.opening, currency: head.currency }, date: '2019-12-31' },
      closingBalance: { amount: { amountMinor: head.opening + net, currency: head.currency }, date: last },
      entries: batched,
    };
  });

const text = (chunks: Iterable<string>) => [...chunks].join('');

/** What matching needs of an entry, as a writer's input or a reader's output. */
function essentials(e: EntryToWrite | BankStatementEntry) {
  return {
    bankReference: e.bankReference,
    bookingDate: e.bookingDate,
    valueDate: e.valueDate,
    amount: e.amount,
    direction: e.direction,
    counterparty: e.counterparty,
    structuredReference: e.structuredReference,
    remittanceText: e.remittanceText,
    endToEndId: e.endToEndId,
    batch: e.batch,
  };
}

function expectSameStatements(
  file: BankStatementFile,
  written: (StatementToWrite & { entries: EntryToWrite[] })[],
  expected: (e: EntryToWrite) => ReturnType<typeof essentials>,
) {
  expect(file.statements).toHaveLength(written.length);
  file.statements.forEach((s, i) => {
    const w = written[i]!;
    expect(s.currency).toBe(w.currency);
    expect(s.account.iban).toBe(w.account.iban);
    expect(s.openingBalance).toEqual(w.openingBalance);
    expect(s.closingBalance).toEqual(w.closingBalance);
    expect(s.balanceCheck.ok).toBe(true);
    expect(s.entries.map(essentials)).toEqual(w.entries.map(expected));
  });
}

describe('written as a bank writes them, read back to the same model', () => {
  it('CAMT.053 of every version 02 to 13: amounts in minor units, dates, parties, references, batches', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(statement, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 2, max: 13 }),
        async (statements, version) => {
          const file = await parseBankStatement(text(camt053Chunks('MSG-1', statements, version)));
          expect(file.version).toBe(`camt.053.001.${String(version).padStart(2, '0')}`);
          expectSameStatements(file, statements, essentials);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('CODA 2: the same, an RF reference (which CODA has no structured field for) coming back from the free text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(statement, { minLength: 1, maxLength: 3 }), async (statements) => {
        const file = await parseBankStatement(text(codaLines(statements)));
        expectSameStatements(file, statements, (e) => {
          const rf = e.structuredReference?.scheme === 'rf' && e.structuredReference.source === 'structured' ? e.structuredReference : null;
          return essentials({
            ...e,
            structuredReference: rf ? { ...rf, source: 'free-text' } : e.structuredReference,
            remittanceText: rf ? [rf.formatted, e.remittanceText].filter(Boolean).join(' ') : e.remittanceText,
          });
        });
        file.statements.forEach((s, i) =>
          expect(s.statementId).toBe(
            `${statements[i]!.account.iban}/${statements[i]!.closingBalance.date.slice(0, 4)}/${statements[i]!.sequence!.padStart(3, '0')}`,
          ),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('gives an entry the same id in two overlapping statements, and different ids to different entries', async () => {
    await fc.assert(
      fc.asyncProperty(statement, fc.nat(), async (s, cut) => {
        const from = s.entries.length === 0 ? 0 : cut % s.entries.length;
        const later = { ...s, statementId: 'STMT-LATER', entries: s.entries.slice(from).filter((e) => !e.batch) };
        const [a, b] = await Promise.all([
          parseBankStatement(text(camt053Chunks('A', [s]))),
          parseBankStatement(text(camt053Chunks('B', [later]))),
        ]);
        const ids = new Map(a.statements[0]!.entries.map((e) => [e.bankReference + e.location, e.entryId]));
        const first = a.statements[0]!.entries.map((e) => e.entryId);
        expect(new Set(first).size).toBe(first.length);
        for (const e of b.statements[0]!.entries) expect(first).toContain(e.entryId);
        expect(ids.size).toBe(first.length);
      }),
      { numRuns: 40 },
    );
  });

  it('reads amounts exactly: the written minor units, never through a float', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.constantFrom('EUR', 'JPY', 'BHD'), (minor, currency) => {
        const d = currency === 'EUR' ? 2 : currency === 'JPY' ? 0 : 3;
        const s = minor.toString().padStart(d + 1, '0');
        const decimal = d === 0 ? s : `${s.slice(0, -d)}.${s.slice(-d)}`;
        expect(amountMinorOf(decimal, currency)).toBe(minor);
        expect(amountMinorOf(`${decimal}${d === 0 ? '.' : ''}000`, currency)).toBe(minor);
      }),
    );
  });
});

describe('a reference in the free text', () => {
  it('is found framed, bare or as RF, with valid check digits only', () => {
    expect(referenceInFreeText('Betaling +++123/4567/89002+++ dank')?.electronic).toBe('123456789002');
    expect(referenceInFreeText('ref ***123/4567/89002***')?.electronic).toBe('123456789002');
    expect(referenceInFreeText('ref 123456789002 factuur 17')?.formatted).toBe('+++123/4567/89002+++');
    expect(referenceInFreeText('ref 123456789003 (a wrong check digit)')).toBeNull();
    expect(referenceInFreeText('tel 0470123456789002')).toBeNull();
    expect(referenceInFreeText('RF18 5390 0754 7034 BEDANKT')).toMatchObject({ scheme: 'rf', electronic: 'RF18539007547034' });
    expect(referenceInFreeText('invoice RF18539007547034')).toMatchObject({ scheme: 'rf', source: 'free-text' });
  });
});
