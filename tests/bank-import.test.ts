import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { camt053Chunks, codaLines, type EntryToWrite, type StatementToWrite } from '@amicus/cases';
import pg from 'pg';
import { parseOgm, paymentReferenceFor } from '@amicus/payment-references';
import { runCliAsync } from './support/cli';
import { session, type Gql } from './support/session';
import { SystemUnderTest, eventually } from './support/system';

/**
 * Money in from the bank, through the gateway and the `amicus` command: a CAMT.053 credit with a
 * case's OGM (the one `Case.paymentReference` gives) imported by `amicus bank import` lowers the
 * case's balance by what the engine allocated, and a second import changes nothing; the same
 * through CODA by `importBankStatement`; a credit without a reference waits in the queue with
 * suggestions, which an agent of the case's brand assigns and another brand's agent cannot; a
 * client's user imports nothing.
 */
// Topics of this run only: the database is new each run, so events an earlier run left on Kafka
// (case numbers restart with the database) must not reach this one's consumers.
const PREFIX = `e2e_bank_import_${Date.now().toString(36)}.`;
const system = new SystemUnderTest('e2e_bank_import', 15500, { KAFKA_TOPIC_PREFIX: PREFIX });
const { gql, login } = session(system);
const amicus = (...args: string[]) => runCliAsync(args, { env: { DATABASE_URL: system.databaseUrl, KAFKA_TOPIC_PREFIX: PREFIX } });

const PASSWORD = 'long-enough-pass';
let admin: string;
let agent: string;
let stranger: string;
let clientUser: string;
let clientId: string;
let dir: string;

async function user(role: string, extra: object): Promise<string> {
  const email = `${role}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.org`;
  await gql('mutation($i:CreateUserInput!){ createUser(input:$i){ id } }', { i: { email, password: PASSWORD, role, ...extra } }, admin);
  return login(email, PASSWORD);
}

async function brandOf(name: string): Promise<{ clientId: string; brandId: string }> {
  const id = (await gql('mutation($i:CreateClientInput!){ createClient(input:$i){ id } }', { i: { name, country: 'BE' } }, admin))
    .createClient.id as string;
  const brandId = (
    await gql(
      'mutation($i:CreateBrandInput!){ createBrand(input:$i){ id } }',
      { i: { clientId: id, name: `${name} Brand`, languages: ['nl'], phone: '+3225551234' } },
      admin,
    )
  ).createBrand.id as string;
  return { clientId: id, brandId };
}

const CASES = `query($c:ID!){ cases(filter:{clientId:$c}){ nodes { id phase debtor { name } paymentReference { ogm rf }
  balance { paidMinor openMinor } payments { amountMinor source status allocation { principal { amountMinor } rule } } } } }`;
const IMPORT = `mutation($i:ImportBankStatementInput!){ importBankStatement(input:$i){ imported format entries matched suggested unmatched debits duplicates balanceOk } }`;
const QUEUE = `query { unmatchedBankEntries(first: 100) { id amountMinor counterpartyName suggestions { caseId score reasons } } }`;

async function casesByName(): Promise<Record<string, Gql>> {
  const nodes = (await gql(CASES, { c: clientId }, admin)).cases.nodes as Gql[];
  return Object.fromEntries(nodes.map((n) => [n.debtor.name, n]));
}

let n = 0;
function credit(amountMinor: bigint, name: string, ogm: string | null): EntryToWrite {
  const parsed = ogm ? parseOgm(ogm)! : null;
  n++;
  return {
    bankReference: `E2E${n}`,
    bookingDate: '2025-03-03',
    valueDate: '2025-03-03',
    amount: { amountMinor, currency: 'EUR' },
    direction: 'credit',
    reversal: false,
    counterparty: { name, iban: 'BE71096123456769', bic: null },
    structuredReference: parsed ? { scheme: 'ogm', electronic: parsed.digits, formatted: parsed.formatted, source: 'structured' } : null,
    remittanceText: parsed ? null : 'betaling',
    endToEndId: `E2E-${n}`,
    batch: null,
  };
}

function statement(entries: EntryToWrite[], id: string): StatementToWrite {
  const credits = entries.reduce((t, e) => t + e.amount.amountMinor, 0n);
  return {
    statementId: id,
    sequence: '1',
    account: { iban: 'BE68539007547034', number: 'BE68539007547034', holderName: 'AMICUS', bic: null },
    currency: 'EUR',
    openingBalance: { amount: { amountMinor: 0n, currency: 'EUR' }, date: '2025-03-02' },
    closingBalance: { amount: { amountMinor: credits, currency: 'EUR' }, date: '2025-03-03' },
    entries,
  };
}

beforeAll(async () => {
  await system.resetDatabase();
  await system.startAll(['cases', 'communications', 'gateway']);
  admin = await login('admin@amicus.local', 'amicus-admin');
  const mine = await brandOf('Bakkerij Claes');
  clientId = mine.clientId;
  const other = await brandOf('Elsewhere');
  agent = await user('agent', { brandIds: [mine.brandId] });
  stranger = await user('agent', { brandIds: [other.brandId] });
  clientUser = await user('client_user', { clientId });
  const claim = (debtorName: string, amount: string, i: number) => ({
    debtorName,
    email: `d${i}@example.be`,
    addressLine1: 'Kerkstraat 1',
    postcode: '9000',
    city: 'Gent',
    country: 'BE',
    invoiceNumber: `F-${i}-${Date.now()}`,
    issueDate: '2025-01-02',
    dueDate: '2025-02-01',
    amount,
    currency: 'EUR',
  });
  await gql(
    'mutation($i:PlaceClaimsInput!){ placeClaims(input:$i){ casesOpened } }',
    { i: { clientId, brandId: mine.brandId, claims: [claim('Anna Claes', '400.00', 1), claim('Bert Maes', '250.00', 2)] } },
    admin,
  );
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amicus-bank-e2e-'));
}, 150000);

afterAll(async () => {
  await system.stopAll();
  fs.rmSync(dir, { recursive: true, force: true });
}, 60000);

describe('the structured reference of a case', () => {
  it('is the same on its letters (communications, from CaseOpened’s case number) as on the case file', async () => {
    const { 'Anna Claes': anna } = await casesByName();
    const db = new pg.Client({ connectionString: system.databaseUrl });
    await db.connect();
    try {
      const number = await eventually(
        async () => {
          const { rows } = await db.query(`SELECT case_number::text AS n FROM communications.case_contacts WHERE case_id = $1`, [anna!.id]);
          if (!rows[0]) throw new Error('communications has not heard of the case yet');
          return rows[0].n as string;
        },
        30000,
        250,
      );
      // What the letter prints and its EPC QR carries (communication-context: paymentReferenceFor on the brand's Belgian IBAN).
      expect(paymentReferenceFor('BE', number).formatted).toBe(anna!.paymentReference.ogm);
    } finally {
      await db.end();
    }
  });
});

describe('a bank statement with a case’s OGM', () => {
  it('imported by `amicus bank import` lowers the case’s balance by what was allocated; a second import changes nothing', async () => {
    const { 'Anna Claes': anna } = await casesByName();
    expect(anna!.paymentReference.ogm).toMatch(/^\+\+\+\d{3}\/\d{4}\/\d{5}\+\+\+$/);
    const file = path.join(dir, 'day1.xml');
    fs.writeFileSync(
      file,
      [...camt053Chunks('E2E-1', [statement([credit(15000n, 'CLAES ANNA', anna!.paymentReference.ogm)], 'DAY-1')])].join(''),
    );

    const first = await amicus('bank', 'import', file);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/matched\s+1 /);
    expect(first.stdout).toMatch(/balance check\s+ok/);
    const after = (await casesByName())['Anna Claes']!;
    expect(after.balance).toMatchObject({ paidMinor: '15000', openMinor: '25000' });
    expect(after.payments).toEqual([
      { amountMinor: '15000', source: 'bank', status: 'active', allocation: { principal: [{ amountMinor: '15000' }], rule: 'BE-X-1' } },
    ]);

    const again = await amicus('bank', 'import', file);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/matched\s+0 /);
    expect(again.stdout).toMatch(/duplicates\s+1 /);
    expect((await casesByName())['Anna Claes']!.balance).toEqual(after.balance);
  }, 60000);

  it('through CODA by importBankStatement, the same; a balance off is refused until confirmed', async () => {
    const { 'Bert Maes': bert } = await casesByName();
    const s = statement([credit(5000n, 'MAES BERT', bert!.paymentReference.ogm)], 'CODA-1');
    const coda = Buffer.from([...codaLines([s])].join('')).toString('base64');
    const first = (await gql(IMPORT, { i: { fileName: 'day.cod', contentBase64: coda } }, agent)).importBankStatement;
    expect(first).toMatchObject({ imported: true, format: 'coda', entries: 1, matched: 1, duplicates: 0, balanceOk: true });
    expect((await casesByName())['Bert Maes']!.balance).toMatchObject({ paidMinor: '5000', openMinor: '20000' });
    const second = (await gql(IMPORT, { i: { fileName: 'day.cod', contentBase64: coda } }, admin)).importBankStatement;
    expect(second).toMatchObject({ matched: 0, duplicates: 1 });

    const off = [
      ...camt053Chunks('E2E-OFF', [
        {
          ...statement([credit(700n, 'X', null)], 'OFF-1'),
          closingBalance: { amount: { amountMinor: 1n, currency: 'EUR' }, date: '2025-03-03' },
        },
      ]),
    ].join('');
    const refused = (await gql(IMPORT, { i: { fileName: 'off.xml', contentText: off } }, admin)).importBankStatement;
    expect(refused).toMatchObject({ imported: false, balanceOk: false });
    const confirmed = (await gql(IMPORT, { i: { fileName: 'off.xml', contentText: off, confirm: true } }, admin)).importBankStatement;
    expect(confirmed).toMatchObject({ imported: true, balanceOk: false, entries: 1 });
    const bad = await system.graphql(IMPORT, { i: { fileName: 'x.txt', contentText: 'not a statement' } }, admin);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'line 1' }] });
    const forbidden = await system.graphql(IMPORT, { i: { fileName: 'day.cod', contentBase64: coda } }, clientUser);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  }, 60000);
});

describe('a credit without a reference', () => {
  it('waits with suggestions; another brand’s agent cannot assign it, the case’s agent can', async () => {
    const { 'Bert Maes': bert } = await casesByName();
    const file = path.join(dir, 'day2.xml');
    fs.writeFileSync(file, [...camt053Chunks('E2E-2', [statement([credit(20000n, 'MAES BERT', null)], 'DAY-2')])].join(''));
    expect((await amicus('bank', 'import', file)).stdout).toMatch(/suggested\s+1 /);
    const entry = ((await gql(QUEUE, {}, agent)).unmatchedBankEntries as Gql[]).find((e) => e.amountMinor === '20000')!;
    expect(entry.suggestions[0]).toMatchObject({ caseId: bert!.id });
    expect(entry.suggestions[0].reasons).toContain('EUR 200.00 is what the case has open');

    const seen = ((await gql(QUEUE, {}, stranger)).unmatchedBankEntries as Gql[]).find((e) => e.id === entry.id)!;
    expect(seen.suggestions).toEqual([]);
    const ASSIGN = 'mutation($e:ID!,$c:ID!){ assignBankEntry(entryId:$e, caseId:$c){ status } }';
    const refused = await system.graphql(ASSIGN, { e: entry.id, c: bert!.id }, stranger);
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await gql(ASSIGN, { e: entry.id, c: bert!.id }, agent)).assignBankEntry.status).toBe('assigned');
    expect((await casesByName())['Bert Maes']).toMatchObject({ phase: 'closed', balance: { paidMinor: '25000', openMinor: '0' } });
  }, 60000);
});
