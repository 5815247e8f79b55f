import fs from 'node:fs';
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { validateXML } from 'xmllint-wasm';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { ClientOnboarded, createEvent, type EventEnvelope, PaymentAllocated, PaymentReceived, PaymentReversed } from '@amicus/events';
import { Outbox } from '@amicus/messaging';
import { freshServiceDatabase, type Messaging } from '@amicus/service-runtime';
import { billingSchema } from '../src/billing-schema';
import { AgreementsService } from '../src/agreements/agreements.service';
import { LedgerPostingsService } from '../src/ledger/ledger-postings.service';
import { RemittancesService } from '../src/remittances/remittances.service';

/**
 * Remittances against the real Postgres: a month closed once (asked again, the same remittance
 * and nothing posted twice), RemittanceIssued in the outbox with it, a reversal after it
 * deducted from the next month, the payout file valid against the pain.001.001.09 schema, the
 * walls and the refusals.
 */
let ds: DataSource;
let drop: () => Promise<void>;
let postings: LedgerPostingsService;
let remittances: RemittancesService;
const clock = new Clock('Europe/Brussels');
const admin: Identity = { subject: 'admin', role: 'agency_admin', clientId: null, brandIds: [], email: null };
const client = crypto.randomUUID();
const other = crypto.randomUUID();
const user = (clientId: string): Identity => ({ ...admin, subject: 'cu', role: 'client_user', clientId });
const caseId = crypto.randomUUID();
const claimId = crypto.randomUUID();
const outbox = new Outbox('billing');
const XSD = fs.readFileSync(path.join(__dirname, '..', 'src', 'remittances', 'xsd', 'pain.001.001.09-sct.xsd'), 'utf8');

async function deliver(e: EventEnvelope): Promise<void> {
  await ds.transaction(async (m) => {
    if (e.type === 'PaymentReceived') await postings.paymentReceived(e as never, m);
    else if (e.type === 'PaymentAllocated') await postings.paymentAllocated(e as never, m);
    else if (e.type === 'PaymentReversed') await postings.paymentReversed(e as never, m);
    else if (e.type === 'ClientOnboarded') await postings.clientOnboarded(e as never, m);
  });
}
const allocation = (amountMinor: string) => ({
  costsMinor: '0',
  interestMinor: '0',
  principal: [{ claimId, amountMinor }],
  unallocatedMinor: '0',
  rule: 'BE-X-1',
  legalSource: 'test',
});
const balance = { principalMinor: '0', interestMinor: '0', costsMinor: '0', paidMinor: '0', openMinor: '0' };

async function pay(paymentId: string, amountMinor: string, receivedOn: string) {
  await deliver(
    createEvent(PaymentReceived, {
      aggregateId: caseId,
      clientId: client,
      payload: {
        paymentId,
        caseId,
        clientId: client,
        brandId: crypto.randomUUID(),
        amountMinor,
        currency: 'EUR',
        receivedOn,
        source: 'bank',
        direct: false,
        payerName: null,
        payerIban: null,
        bankEntryId: null,
        actor: 'test',
      },
    }),
  );
  await deliver(
    createEvent(PaymentAllocated, {
      aggregateId: caseId,
      clientId: client,
      payload: { paymentId, caseId, receivedOn, currency: 'EUR', allocation: allocation(amountMinor), reallocated: false, balance },
    }),
  );
}

const count = async (sql: string, params: unknown[] = []) => Number(((await ds.query(sql, params)) as { n: string }[])[0]?.n);
async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const e: unknown = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(e)}`);
  return e;
}

beforeAll(async () => {
  ({ ds, drop } = await freshServiceDatabase('billing_remit', billingSchema));
  postings = new LedgerPostingsService(clock);
  const messaging = { publish: (m: EntityManager, e: EventEnvelope | EventEnvelope[]) => outbox.append(m, e) } as unknown as Messaging;
  remittances = new RemittancesService(
    ds,
    clock,
    messaging,
    { name: 'Amicus Incasso', iban: 'BE71096123456769', bic: 'GKCCBEBB' },
    { name: 'Amicus Incasso', colour: '#1f4e79' },
  );
  const agreements = new AgreementsService(ds, clock);
  const draft = await agreements.createVersion(admin, client, {
    validFrom: '2026-01-01',
    terms: {
      currency: 'EUR',
      commission: { tieredBy: 'none', bands: [{ from: '0', principalBp: 2000, interestBp: 2000, costsBp: 0 }] },
      fees: {},
      collectionCostsKeptBy: 'agency',
      remittancePeriod: 'monthly',
      payoutIban: 'BE68539007547034',
      vat: { kind: 'be_standard', vatNumber: null },
    },
  });
  await agreements.approveVersion(admin, draft.id);
  await deliver(
    createEvent(ClientOnboarded, {
      aggregateId: client,
      clientId: client,
      payload: { clientId: client, name: 'Brouwerij Ça Va', country: 'BE', enterpriseNumber: null, sme: true },
    }),
  );
});

afterAll(() => drop());

describe('closing a month', () => {
  const first = crypto.randomUUID();
  let marchId: string;

  it('remits what was collected less commission and VAT, posts the settlement and tells RemittanceIssued', async () => {
    await pay(first, '100000', '2026-03-03');
    await pay(crypto.randomUUID(), '50000', '2026-03-20');
    await pay(crypto.randomUUID(), '7000', '2026-04-02'); // after March: not in it
    const r = await remittances.issue(admin, client, '2026-03-01');
    marchId = r.id;
    // 1500 collected, 20 % = 300 commission, 63 VAT → 1137
    expect(r).toMatchObject({
      outcome: 'payout',
      payoutMinor: 113700n,
      invoicedMinor: 0n,
      period: { start: '2026-03-01', end: '2026-03-31' },
    });
    expect(r.total).toMatchObject({ collectedMinor: 150000n, commissionMinor: 30000n, vatMinor: 6300n, netMinor: 113700n });
    expect(r.lines.map((l) => l.caseId)).toEqual([caseId]);
    const [event] = (await ds.query(`SELECT envelope AS payload FROM billing.outbox WHERE type = 'RemittanceIssued'`)) as {
      payload: { payload: Record<string, unknown> };
    }[];
    expect(event?.payload.payload).toMatchObject({ remittanceId: r.id, payoutMinor: '113700', outcome: 'payout', cases: 1 });
    const [trust] = (await ds.query(
      `SELECT sum(amount_minor)::text AS n FROM billing.ledger_entries WHERE account = 'trust_bank' AND booked_on <= '2026-03-31'`,
    )) as { n: string }[];
    expect(trust?.n).toBe('0');
  });

  it('asked again, gives the same remittance and posts nothing', async () => {
    const before = await count(`SELECT count(*)::text AS n FROM billing.ledger_transactions`);
    const again = await remittances.issue(admin, client, '2026-03-01');
    expect(again.id).toBe(marchId);
    expect(again.payoutMinor).toBe(113700n);
    expect(await count(`SELECT count(*)::text AS n FROM billing.ledger_transactions`)).toBe(before);
    expect(await count(`SELECT count(*)::text AS n FROM billing.outbox WHERE type = 'RemittanceIssued'`)).toBe(1);
  });

  it('deducts a reversal after the remittance from the next month', async () => {
    await deliver(
      createEvent(PaymentReversed, {
        aggregateId: caseId,
        clientId: client,
        occurredAt: new Date('2026-04-10T09:00:00Z'),
        payload: {
          paymentId: first,
          caseId,
          amountMinor: '100000',
          currency: 'EUR',
          kind: 'bank_return',
          reason: 'returned',
          undone: allocation('100000'),
          balance,
          reopened: false,
          actor: 'test',
        },
      }),
    );
    const april = await remittances.issue(admin, client, '2026-04-01');
    // April: +70 − 14 − 2.94 = 53.06 collected for the client, −758 reversed: the client owes 704.94
    expect(april).toMatchObject({ outcome: 'invoice', payoutMinor: 0n, invoicedMinor: 75800n - 5306n });
    expect(
      await count(`SELECT count(*)::text AS n FROM billing.ledger_entries GROUP BY transaction_id HAVING sum(amount_minor) <> 0`),
    ).toBeNaN();
  });

  it('writes the payout file for the month, valid against the pain.001.001.09 schema', async () => {
    const xml = await remittances.payoutFile(admin, [marchId], clock.today());
    const { errors } = await validateXML({ xml: [{ fileName: 'payout.xml', contents: xml }], schema: [XSD] });
    expect(errors).toEqual([]);
    expect(xml).toContain('<InstdAmt Ccy="EUR">1137.00</InstdAmt>');
    expect(xml).toContain('<Nm>Brouwerij Ca Va</Nm>');
    expect(xml).toContain('<IBAN>BE68539007547034</IBAN>');
    const april = (await remittances.list(admin, client, 10)).find((r) => r.period.start === '2026-04-01')!;
    const refused = await refusal(remittances.payoutFile(admin, [marchId, april.id], '2999-01-01'));
    expect(refused.problems).toEqual([{ field: 'remittanceIds[1]', reason: 'pays nothing out' }]);
  });

  it('refuses a period that has not ended, a day that does not start one, and anyone but the admin', async () => {
    const thisMonth = `${clock.today().slice(0, 8)}01`;
    expect((await refusal(remittances.issue(admin, client, thisMonth))).code).toBe('conflict');
    expect((await refusal(remittances.issue(admin, client, '2026-02-02'))).problems).toEqual([
      { field: 'periodStart', reason: 'is not the first of a month: the client is remitted monthly' },
    ]);
    expect((await refusal(remittances.issue(user(client), client, '2026-02-01'))).code).toBe('forbidden');
    expect((await refusal(remittances.issue(admin, other, '2026-02-01'))).code).toBe('conflict');
  });

  it('gives the statement as CSV, XLSX and PDF', async () => {
    const march = (await remittances.list(admin, client, 10)).find((r) => r.id === marchId)!;
    expect(remittances.statementCsv(march).split('\r\n')[1]).toBe(`${caseId},1500.00,300.00,0.00,0.00,63.00,0.00,1137.00`);
    expect(
      Buffer.from(await remittances.statementXlsxBase64(march), 'base64')
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    expect(
      Buffer.from(await remittances.statementPdfBase64(march), 'base64')
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('shows a client user its own remittances only', async () => {
    expect((await remittances.list(user(client), null, 10)).map((r) => r.period.start)).toEqual(['2026-04-01', '2026-03-01']);
    expect(await remittances.list(user(other), null, 10)).toEqual([]);
    expect(await remittances.list(user(other), client, 10)).toEqual([]);
    expect(await remittances.one(user(other), marchId)).toBeNull();
    expect(await remittances.list({ ...admin, role: 'agent' }, null, 10)).toEqual([]);
  });
});
