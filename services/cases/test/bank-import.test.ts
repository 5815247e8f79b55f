import type { DataSource } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { ogmFromNumber } from '@amicus/payment-references';
import { camt053Chunks, codaLines, type EntryToWrite, type StatementToWrite } from '../src/bank-statements/statement-writing';
import { freshCasesDatabase, seedClient } from './database';
import { who } from './identities';
import { placeDebtors, testClock } from './journeys';
import { bankService, refusal } from './money';

/**
 * Bank statements into the case file, on real Postgres: a credit with a case's OGM becomes its
 * payment (through CAMT.053 and CODA alike) and the same file twice changes nothing; the rest
 * waits in the agents' queue with suggestions; walls, balances to confirm, bad files.
 */
let ds: DataSource;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ ds, drop } = await freshCasesDatabase('bank_import'));
});
afterAll(() => drop());

const clock = testClock('2025-02-12T09:00:00Z');
const admin = who('agency_admin');
const bank = () => bankService(ds, clock);
let n = 0;

async function place(names: string[]) {
  const { clientId, brandIds } = await seedClient(ds);
  const caseIds = await placeDebtors(ds, clientId, names, new Date('2025-02-10T09:00:00Z'));
  const numbers: { id: string; case_number: string }[] = await ds.query(
    `SELECT id, case_number::text FROM cases.cases WHERE id = ANY($1::uuid[])`,
    [caseIds],
  );
  const ogm = (caseId: string) => ogmFromNumber(numbers.find((x) => x.id === caseId)!.case_number);
  return { clientId, brandId: brandIds[0]!, caseIds, ogm };
}

function credit(amountMinor: bigint, over: Partial<EntryToWrite> & { ogm?: { digits: string; formatted: string } } = {}): EntryToWrite {
  const { ogm, ...rest } = over;
  return {
    bankReference: `BNK${++n}`,
    bookingDate: '2025-02-11',
    valueDate: '2025-02-11',
    amount: { amountMinor, currency: 'EUR' },
    direction: 'credit',
    reversal: false,
    counterparty: { name: 'PEETERS ANNA', iban: 'BE71096123456769', bic: 'GKCCBEBB' },
    structuredReference: ogm ? { scheme: 'ogm', electronic: ogm.digits, formatted: ogm.formatted, source: 'structured' } : null,
    remittanceText: null,
    endToEndId: `E2E-${n}`,
    batch: null,
    ...rest,
  };
}

function statement(entries: EntryToWrite[], opts: { id?: string; closingOff?: bigint } = {}): StatementToWrite {
  const opening = 1_000_000n;
  const net = entries.reduce((t, e) => t + (e.direction === 'credit' ? e.amount.amountMinor : -e.amount.amountMinor), 0n);
  return {
    statementId: opts.id ?? `STMT-${++n}`,
    sequence: '1',
    account: { iban: 'BE68539007547034', number: 'BE68539007547034', holderName: 'AMICUS INCASSO NV', bic: 'GKCCBEBB' },
    currency: 'EUR',
    openingBalance: { amount: { amountMinor: opening, currency: 'EUR' }, date: '2025-02-10' },
    closingBalance: { amount: { amountMinor: opening + net + (opts.closingOff ?? 0n), currency: 'EUR' }, date: '2025-02-11' },
    entries,
  };
}

const camt = (s: StatementToWrite) => [...camt053Chunks(`MSG-${++n}`, [s])].join('');
const coda = (s: StatementToWrite) => [...codaLines([s])].join('');
async function* bytes(text: string) {
  const b = Buffer.from(text, 'utf8');
  for (let i = 0; i < b.length; i += 4096) yield b.subarray(i, i + 4096);
}
const importText = (text: string, opts: { identity?: Identity; confirm?: boolean } = {}) =>
  bank().import(opts.identity ?? admin, { fileName: 'statement', source: bytes(text), confirm: opts.confirm ?? false }, 'import');

const caseRow = async (id: string) =>
  (await ds.query(`SELECT phase, paid_minor::text AS paid, open_minor::text AS open, version FROM cases.cases WHERE id = $1`, [id]))[0];
const paymentsOf = async (caseId: string) =>
  (await ds.query(`SELECT amount_minor::text AS amount, source, payer_name, bank_entry_id FROM cases.payments WHERE case_id = $1`, [
    caseId,
  ])) as {
    amount: string;
    source: string;
    payer_name: string;
    bank_entry_id: string;
  }[];

describe.each([
  ['CAMT.053', camt],
  ['CODA', coda],
])('a %s credit with a case’s OGM', (_format, write) => {
  it('is recorded as the case’s payment and lowers its balance by what was allocated; the same file again changes nothing', async () => {
    const { caseIds, ogm } = await place(['Anna Peeters', 'Bart Claes']);
    const [anna, bart] = caseIds as [string, string];
    const file = write(
      statement([
        credit(15000n, { ogm: ogm(anna) }),
        credit(2500n),
        credit(900n, { direction: 'debit', counterparty: { name: 'BANK FEES', iban: null, bic: null } }),
      ]),
    );

    const first = await importText(file);
    expect(first).toMatchObject({ imported: true, entries: 3, credits: 2, debits: 1, matched: 1, duplicates: 0, balanceOk: true });
    expect(first.suggested + first.unmatched).toBe(1);
    expect(await caseRow(anna)).toMatchObject({ paid: '15000', open: '25000' });
    expect(await paymentsOf(anna)).toEqual([expect.objectContaining({ amount: '15000', source: 'bank', payer_name: 'PEETERS ANNA' })]);
    expect(await caseRow(bart)).toMatchObject({ paid: '0' });
    const [event] = await ds.query(`SELECT envelope FROM cases.outbox WHERE key = $1 AND type = 'PaymentAllocated'`, [anna]);
    expect(event.envelope.payload.balance).toMatchObject({ paidMinor: '15000', openMinor: '25000' });

    const before = await caseRow(anna);
    const again = await importText(file);
    expect(again).toMatchObject({
      imported: true,
      entries: 3,
      matched: 0,
      credits: 0,
      debits: 0,
      suggested: 0,
      unmatched: 0,
      duplicates: 3,
    });
    expect(await caseRow(anna)).toEqual(before);
    expect(await paymentsOf(anna)).toHaveLength(1);
  });
});

describe('an overlapping statement', () => {
  it('records only the entries not seen before', async () => {
    const { caseIds, ogm } = await place(['Cas Overlap']);
    const [c] = caseIds as [string];
    const a = credit(10000n, { ogm: ogm(c) });
    const b = credit(5000n, { ogm: ogm(c), bookingDate: '2025-02-12', valueDate: '2025-02-12' });
    await importText(camt(statement([a], { id: 'DAY-1' })));
    const overlap = await importText(camt(statement([a, b], { id: 'DAYS-1-2' })));
    expect(overlap).toMatchObject({ entries: 2, duplicates: 1, matched: 1 });
    expect(await caseRow(c)).toMatchObject({ paid: '15000', open: '25000' });
  });
});

describe('a credit no reference matches', () => {
  it('waits in the queue with ranked suggestions and their reasons; an agent of the brand assigns it, another brand’s agent cannot', async () => {
    const { caseIds, brandId, ogm } = await place(['Dirk Vermeulen', 'Els Vermeulen']);
    const [dirk, els] = caseIds as [string, string];
    // Dirk paid before from this account; the credit says neither OGM nor case.
    await importText(
      camt(statement([credit(1000n, { ogm: ogm(dirk), counterparty: { name: 'VERMEULEN D', iban: 'BE71096123456769', bic: null } })])),
    );
    const summary = await importText(
      camt(
        statement([
          credit(39000n, { counterparty: { name: 'VERMEULEN DIRK', iban: 'BE71096123456769', bic: null }, remittanceText: 'betaling' }),
        ]),
      ),
    );
    expect(summary).toMatchObject({ matched: 0, suggested: 1, unmatched: 0 });

    const mine = who('agent', { brandIds: [brandId] });
    const queue = await bank().queue(mine, { first: 50 });
    const entry = queue.find((e) => e.amountMinor === '39000')!;
    expect(entry.suggestions[0]).toMatchObject({ caseId: dirk, debtorName: 'Dirk Vermeulen' });
    expect(entry.suggestions[0]!.reasons).toEqual([
      "the account BE71096123456769 paid this case before or is the debtor's",
      'EUR 390.00 is what the case has open',
      'the payer "VERMEULEN DIRK" is like the debtor "Dirk Vermeulen" (100 %)',
    ]);
    // Els shares the surname only, and owes another amount: not enough to suggest her.
    expect(entry.suggestions.map((s) => s.caseId)).not.toContain(els);

    // Another brand's agent sees the agency's entry, none of these suggestions, and cannot assign it here.
    const stranger = who('agent', { brandIds: [crypto.randomUUID()] });
    expect((await bank().queue(stranger, { first: 50 })).find((e) => e.id === entry.id)!.suggestions).toEqual([]);
    expect(await refusal(bank().assign(stranger, entry.id, dirk, null, 'x'))).toMatchObject({ code: 'not_found' });
    expect(await refusal(bank().queue(who('client_user', { clientId: crypto.randomUUID() }), { first: 5 }))).toMatchObject({
      code: 'forbidden',
    });

    const assigned = await bank().assign(mine, entry.id, dirk, 'the debtor confirmed by phone', 'x');
    expect(assigned).toMatchObject({ status: 'assigned', why: 'the debtor confirmed by phone' });
    expect(await caseRow(dirk)).toMatchObject({ phase: 'closed', paid: '40000', open: '0' });
    expect(await refusal(bank().assign(mine, entry.id, dirk, null, 'x'))).toMatchObject({ code: 'conflict' });
    expect((await bank().queue(mine, { first: 500 })).map((e) => e.id)).not.toContain(entry.id);
  });

  it('says why a reference did not match, and can be marked not ours or to return to the payer', async () => {
    const { caseIds, ogm } = await place(['Fien Closed']);
    const [fien] = caseIds as [string];
    await importText(camt(statement([credit(40000n, { ogm: ogm(fien) })])));
    expect(await caseRow(fien)).toMatchObject({ phase: 'closed' });
    await importText(camt(statement([credit(40000n, { ogm: ogm(fien) }), credit(777n, { remittanceText: 'voor iemand anders' })])));
    const queue = await bank().queue(admin, { first: 500 });
    const late = queue.find((e) => e.amountMinor === '40000' && e.why?.includes('closed (paid)'))!;
    expect(late.why).toMatch(/^the reference \+\+\+\d{3}\/\d{4}\/\d{5}\+\+\+ is of case \d+, closed \(paid\)$/);
    expect(await bank().toReturn(admin, late.id, 'paid twice: back to the debtor')).toMatchObject({
      status: 'to_return',
      why: 'paid twice: back to the debtor',
    });
    const stray = queue.find((e) => e.amountMinor === '777')!;
    expect(await bank().notOurs(admin, stray.id, 'meant for the landlord')).toMatchObject({ status: 'not_ours' });
    expect(await refusal(bank().notOurs(admin, stray.id, ' '))).toMatchObject({ code: 'invalid_input', fields: ['reason'] });
    expect(await paymentsOf(fien)).toHaveLength(1);
  });
});

describe('a transfer the bank reverses', () => {
  it('undoes the payment it made, exactly, and reopens the case it had paid', async () => {
    const { caseIds, ogm } = await place(['Ilse Return']);
    const [ilse] = caseIds as [string];
    await importText(camt(statement([credit(40000n, { ogm: ogm(ilse) })])));
    expect(await caseRow(ilse)).toMatchObject({ phase: 'closed', paid: '40000' });
    const back = credit(40000n, { ogm: ogm(ilse), direction: 'debit', reversal: true, bookingDate: '2025-02-12', valueDate: '2025-02-12' });
    const summary = await importText(camt(statement([back])));
    expect(summary).toMatchObject({ debits: 1, reversed: 1, matched: 0 });
    expect(await caseRow(ilse)).toMatchObject({ phase: 'placed', paid: '0', open: '40000' });
    const [p] = await ds.query(`SELECT status, reversal_kind FROM cases.payments WHERE case_id = $1`, [ilse]);
    expect(p).toEqual({ status: 'reversed', reversal_kind: 'bank_return' });
    // A reversal of nothing that stands is only recorded, for an agent to look at.
    expect(await importText(camt(statement([{ ...back, bankReference: 'OTHER-1' }])))).toMatchObject({ debits: 1, reversed: 0 });
  });
});

describe('a statement whose balance does not add up', () => {
  it('is reported with both figures and imported only with confirm', async () => {
    const { caseIds, ogm } = await place(['Gert Balance']);
    const [gert] = caseIds as [string];
    const file = camt(statement([credit(10000n, { ogm: ogm(gert) })], { closingOff: 1n }));
    const refused = await importText(file);
    expect(refused).toMatchObject({ imported: false, needsConfirmation: true, importId: null, balanceOk: false, matched: 1 });
    expect(refused.balanceChecks[0]).toMatchObject({
      ok: false,
      openingMinor: '1000000',
      creditsMinor: '10000',
      expectedClosingMinor: '1010000',
      closingMinor: '1010001',
      differenceMinor: '1',
    });
    expect(await paymentsOf(gert)).toEqual([]);
    expect(await caseRow(gert)).toMatchObject({ paid: '0' });

    const confirmed = await importText(file, { confirm: true });
    expect(confirmed).toMatchObject({ imported: true, needsConfirmation: false, matched: 1, balanceOk: false });
    expect(await caseRow(gert)).toMatchObject({ paid: '10000' });
  });
});

describe('a file that is not a statement', () => {
  it('gets one error naming the line or element, and nothing is written', async () => {
    const { caseIds, ogm } = await place(['Hilde Broken']);
    const [hilde] = caseIds as [string];
    const good = camt(statement([credit(10000n, { ogm: ogm(hilde) })]));
    const broken = good.replace('</Stmt>', '<Ntry><Amt Ccy="EUR">abc</Amt></Ntry></Stmt>');
    const e = await refusal(importText(broken));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/Ntry/);
    expect(await paymentsOf(hilde)).toEqual([]);
    expect(await refusal(importText('Datum;Bedrag\n2025-02-11;12,50\n'))).toMatchObject({ code: 'invalid_input', fields: ['line 1'] });
    const [{ entries }] = await ds.query(
      `SELECT count(*)::int AS entries FROM cases.bank_entries WHERE amount_minor = 10000 AND reference = $1`,
      [ogm(hilde).digits],
    );
    expect(entries).toBe(0);
  });

  it('is for agents and the admin only', async () => {
    expect(await refusal(importText('x', { identity: who('client_user', { clientId: crypto.randomUUID() }) }))).toMatchObject({
      code: 'forbidden',
    });
    expect(await refusal(importText('x', { identity: who('legal') }))).toMatchObject({ code: 'forbidden' });
  });
});
