import type { DataSource } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import {
  CallLogged,
  CaseClosed,
  CaseOpened,
  ClaimPlaced,
  CommunicationSentV2,
  createEvent,
  type EventEnvelope,
  PaymentAllocated,
  PaymentReceived,
  PaymentReversed,
} from '@amicus/events';
import { freshServiceDatabase } from '@amicus/service-runtime';
import { billingSchema } from '../src/billing-schema';
import { AgreementsService } from '../src/agreements/agreements.service';
import { LedgerPostingsService } from '../src/ledger/ledger-postings.service';
import { LedgerService } from '../src/ledger/ledger.service';
import { insertTransactions, loadTransaction } from '../src/ledger/ledger-store';
import { type LedgerTransaction, reversalOf } from '../src/ledger/ledger';

/**
 * The trust ledger against the real Postgres: the cases' events posted as the consumer posts
 * them (one transaction each), the tables' own guards (append-only, balanced), the reads walled.
 */
let ds: DataSource;
let drop: () => Promise<void>;
let postings: LedgerPostingsService;
let reads: LedgerService;
const clock = new Clock('Europe/Brussels');
const admin: Identity = { subject: 'admin', role: 'agency_admin', clientId: null, brandIds: [], email: null };
const client = crypto.randomUUID();
const other = crypto.randomUUID();
const user = (clientId: string): Identity => ({ ...admin, subject: 'cu', role: 'client_user', clientId });

const caseId = crypto.randomUUID();
const claimA = crypto.randomUUID();
const claimB = crypto.randomUUID();
const brandId = crypto.randomUUID();

async function deliver(e: EventEnvelope): Promise<void> {
  await ds.transaction(async (m) => {
    if (e.type === 'CaseOpened') await postings.caseOpened(e as never, m);
    else if (e.type === 'ClaimPlaced') await postings.claimPlaced(e as never, m);
    else if (e.type === 'PaymentReceived') await postings.paymentReceived(e as never, m);
    else if (e.type === 'PaymentAllocated') await postings.paymentAllocated(e as never, m);
    else if (e.type === 'PaymentReversed') await postings.paymentReversed(e as never, m);
    else if (e.type === 'CommunicationSent') await postings.communicationSent(e as never, m);
    else if (e.type === 'CaseClosed') await postings.caseClosed(e as never, m);
    else if (e.type === 'CallLogged') await postings.callLogged(e as never, m);
  });
}

const debtor = {
  kind: 'consumer' as const,
  name: 'D',
  country: 'BE',
  language: 'nl',
  timeZone: 'Europe/Brussels',
  vatNumber: null,
  emails: [],
  phones: [],
  addresses: [],
  preferredChannel: null,
};
const allocation = (principalA: string, principalB: string, interest: string, costs: string, unallocated = '0') => ({
  costsMinor: costs,
  interestMinor: interest,
  principal: [
    { claimId: claimA, amountMinor: principalA },
    { claimId: claimB, amountMinor: principalB },
  ].filter((l) => l.amountMinor !== '0'),
  unallocatedMinor: unallocated,
  rule: 'BE-X-1',
  legalSource: 'test',
});
const balance = { principalMinor: '0', interestMinor: '0', costsMinor: '0', paidMinor: '0', openMinor: '0' };

function received(paymentId: string, amountMinor: string, direct: boolean, clientId = client, kase = caseId) {
  return createEvent(PaymentReceived, {
    aggregateId: kase,
    clientId,
    payload: {
      paymentId,
      caseId: kase,
      clientId,
      brandId,
      amountMinor,
      currency: 'EUR',
      receivedOn: '2026-02-10',
      source: direct ? 'direct' : 'bank',
      direct,
      payerName: null,
      payerIban: null,
      bankEntryId: null,
      actor: 'test',
    },
  });
}
function allocated(paymentId: string, a: ReturnType<typeof allocation>, reallocated = false, kase = caseId, clientId = client) {
  return createEvent(PaymentAllocated, {
    aggregateId: kase,
    clientId,
    payload: { paymentId, caseId: kase, receivedOn: '2026-02-10', currency: 'EUR', allocation: a, reallocated, balance },
  });
}

const balanceOf = async (who: Identity, account: string, clientId: string | null = null) =>
  (await reads.balances(who, { clientId, from: null, to: null })).find(
    (b) => b.account === account && (b.clientId === null || b.clientId === (clientId ?? b.clientId)),
  )?.closingMinor ?? 0n;

beforeAll(async () => {
  ({ ds, drop } = await freshServiceDatabase('billing_ledger', billingSchema));
  postings = new LedgerPostingsService(clock);
  reads = new LedgerService(ds);
  const agreements = new AgreementsService(ds, clock);
  const draft = await agreements.createVersion(admin, client, {
    validFrom: '2026-01-01',
    terms: {
      currency: 'EUR',
      commission: {
        tieredBy: 'claim_age_days',
        bands: [
          { from: '0', principalBp: 1000, interestBp: 2000, costsBp: 0 },
          { from: '365', principalBp: 2500, interestBp: 2000, costsBp: 0 },
        ],
      },
      fees: { caseOpened: '1000', letter: '150', registeredLetter: '850', call: '300', success: '2000' },
      collectionCostsKeptBy: 'agency',
      remittancePeriod: 'monthly',
      payoutIban: 'BE68539007547034',
      vat: { kind: 'be_standard', vatNumber: null },
    },
  });
  await agreements.approveVersion(admin, draft.id);
  await deliver(
    createEvent(CaseOpened, {
      aggregateId: caseId,
      clientId: client,
      occurredAt: new Date('2026-02-01T10:00:00Z'),
      payload: { caseId, clientId: client, brandId, debtorId: crypto.randomUUID(), debtor, currency: 'EUR', placementId: null },
    }),
  );
  for (const [claimId, due] of [
    [claimA, '2025-12-01'],
    [claimB, '2024-06-01'],
  ] as const)
    await deliver(
      createEvent(ClaimPlaced, {
        aggregateId: caseId,
        clientId: client,
        occurredAt: new Date('2026-02-01T10:00:00Z'),
        payload: {
          caseId,
          claimId,
          clientId: client,
          invoiceNumber: claimId.slice(0, 8),
          issueDate: '2024-05-01',
          dueDate: due,
          principalMinor: '50000',
          currency: 'EUR',
          description: null,
          placementId: null,
        },
      }),
    );
});

afterAll(() => drop());

describe('posting the cases’ money events', () => {
  const paid = crypto.randomUUID();

  it('charges the fee per case opened with its VAT to the client', async () => {
    expect(await balanceOf(admin, 'client_receivable', client)).toBe(1210n);
    expect(await balanceOf(admin, 'fee_revenue')).toBe(-1000n);
  });

  it('books a bank payment by the tier of each claim: commission, VAT, kept costs, the client’s share, the overpayment', async () => {
    await deliver(received(paid, '65500', false));
    expect(await balanceOf(admin, 'suspense')).toBe(-65500n);
    // claim A (62 days old at placement) 10 % of 300 = 30, claim B (610 days) 25 % of 200 = 50, interest 20 % of 40 = 8 → 88; VAT 18.48; costs 10 kept
    await deliver(allocated(paid, allocation('30000', '20000', '4000', '1000', '10500')));
    expect(await balanceOf(admin, 'suspense')).toBe(0n);
    expect(await balanceOf(admin, 'commission_revenue')).toBe(-8800n);
    expect(await balanceOf(admin, 'vat_payable')).toBe(-(1848n + 210n));
    expect(await balanceOf(admin, 'costs_revenue')).toBe(-1000n);
    expect(await balanceOf(admin, 'refunds_owed')).toBe(-10500n);
    expect(await balanceOf(admin, 'client_payable', client)).toBe(-(55000n - 8800n - 1848n - 1000n));
    const trust = await balanceOf(admin, 'trust_bank');
    expect(trust).toBe(
      -(
        (await balanceOf(admin, 'client_payable', client)) +
        (await balanceOf(admin, 'refunds_owed')) +
        (await balanceOf(admin, 'suspense'))
      ),
    );
  });

  it('a reallocation undoes the last allocation and books the new one', async () => {
    await deliver(allocated(paid, allocation('55000', '0', '0', '0', '10500'), true));
    // now all on claim A at 10 %: 55; VAT 11.55
    expect(await balanceOf(admin, 'commission_revenue')).toBe(-5500n);
    expect(await balanceOf(admin, 'costs_revenue')).toBe(0n);
    expect(await balanceOf(admin, 'client_payable', client)).toBe(-(55000n - 5500n - 1155n));
  });

  it('a payment made to the client directly makes its commission the client’s debt, and no trust money moves', async () => {
    const trustBefore = await balanceOf(admin, 'trust_bank');
    const direct = crypto.randomUUID();
    await deliver(received(direct, '10000', true));
    await deliver(allocated(direct, allocation('10000', '0', '0', '0')));
    expect(await balanceOf(admin, 'trust_bank')).toBe(trustBefore);
    expect(await balanceOf(admin, 'client_receivable', client)).toBe(1210n + 1000n + 210n);
  });

  it('a reversal posts the mirror of what stood, on the day it happens', async () => {
    const before = await reads.balances(admin, { clientId: client, from: null, to: null });
    const back = crypto.randomUUID();
    await deliver(received(back, '20000', false));
    await deliver(allocated(back, allocation('20000', '0', '0', '0')));
    await deliver(
      createEvent(PaymentReversed, {
        aggregateId: caseId,
        clientId: client,
        occurredAt: new Date('2026-03-05T09:00:00Z'),
        payload: {
          paymentId: back,
          caseId,
          amountMinor: '20000',
          currency: 'EUR',
          kind: 'bank_return',
          reason: 'returned by the bank',
          undone: allocation('20000', '0', '0', '0'),
          balance,
          reopened: false,
          actor: 'test',
        },
      }),
    );
    const after = await reads.balances(admin, { clientId: client, from: null, to: null });
    expect(after.map((b) => [b.account, b.closingMinor])).toEqual(before.map((b) => [b.account, b.closingMinor]));
    const { nodes } = await reads.entries(admin, { clientId: client, account: null, from: '2026-03-01', to: '2026-03-31' }, 100, null);
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n) => n.kind === 'payment_reversed' && n.reverses !== null)).toBe(true);
  });

  it('every transaction in the tables balances', async () => {
    const unbalanced = (await ds.query(
      `SELECT transaction_id FROM billing.ledger_entries GROUP BY transaction_id HAVING sum(amount_minor) <> 0`,
    )) as unknown[];
    expect(unbalanced).toEqual([]);
  });
});

describe('fees for what was done on a case', () => {
  const sent = (channel: 'letter' | 'registered_email' | 'email') =>
    createEvent(CommunicationSentV2, {
      aggregateId: caseId,
      clientId: client,
      payload: {
        communicationId: crypto.randomUUID(),
        requestId: null,
        caseId,
        clientId: client,
        channel,
        kind: 'reminder',
        language: 'nl',
        templateVersionId: null,
        recipient: 'Kerkstraat 1, 9000 Gent',
        sentAt: '2026-02-12T09:00:00.000Z',
        providerMessageId: null,
      },
    });
  const call = (direction: 'inbound' | 'outbound') =>
    createEvent(CallLogged, {
      aggregateId: caseId,
      clientId: client,
      payload: {
        callId: crypto.randomUUID(),
        caseId,
        clientId: client,
        agentId: crypto.randomUUID(),
        number: '+3225551234',
        direction,
        outcome: 'reached',
        at: '2026-02-12T10:00:00.000Z',
        promise: null,
        callBackAt: null,
        note: null,
      },
    });

  it('charges a letter, a registered one and an outbound call by the agreement, and nothing for an e-mail or an inbound call', async () => {
    const before = await balanceOf(admin, 'fee_revenue');
    for (const e of [sent('letter'), sent('registered_email'), sent('email'), call('outbound'), call('inbound')]) await deliver(e);
    expect((await balanceOf(admin, 'fee_revenue')) - before).toBe(-(150n + 850n + 300n));
  });

  it('charges the success fee once when the case is paid in full, not again when it closes as paid a second time', async () => {
    const before = await balanceOf(admin, 'fee_revenue');
    const closed = (outcome: 'paid' | 'written_off') =>
      createEvent(CaseClosed, {
        aggregateId: caseId,
        clientId: client,
        payload: { caseId, outcome, reason: 'test', balanceMinor: '0', currency: 'EUR', actor: 'test' },
      });
    for (const e of [closed('written_off'), closed('paid'), closed('paid')]) await deliver(e);
    expect((await balanceOf(admin, 'fee_revenue')) - before).toBe(-2000n);
  });
});

describe('the tables guard the ledger', () => {
  it('refuses to change or delete an entry', async () => {
    await expect(ds.query(`UPDATE billing.ledger_entries SET amount_minor = amount_minor + 1`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM billing.ledger_transactions`)).rejects.toThrow(/append-only/);
  });

  it('refuses a transaction that does not balance, at commit', async () => {
    const id = crypto.randomUUID();
    await expect(
      ds.transaction(async (m) => {
        await m.query(
          `INSERT INTO billing.ledger_transactions (id, key, kind, client_id, case_id, currency, booked_on, memo)
           VALUES ($1, $2, 'fee_charged', $3, $3, 'EUR', '2026-01-01', 'bad')`,
          [id, `bad:${id}`, client],
        );
        await m.query(
          `INSERT INTO billing.ledger_entries (transaction_id, line, account, client_id, case_id, part, amount_minor, currency, booked_on)
           VALUES ($1, 1, 'fee_revenue', $2, $2, 'call', -1, 'EUR', '2026-01-01')`,
          [id, client],
        );
      }),
    ).rejects.toThrow(/does not balance/);
  });
});

describe('posting many transactions at once', () => {
  const bulkClient = crypto.randomUUID();
  const tx = (key: string, memo: string): LedgerTransaction => ({
    key,
    kind: 'fee_charged',
    clientId: bulkClient,
    caseId: null,
    paymentId: null,
    currency: 'EUR',
    bookedOn: '2026-02-01',
    agreementId: null,
    reverses: null,
    memo,
    entries: [
      { account: 'client_receivable', amountMinor: 121n, part: 'call', claimId: null },
      { account: 'fee_revenue', amountMinor: -100n, part: 'call', claimId: null },
      { account: 'vat_payable', amountMinor: -21n, part: 'vat', claimId: null },
    ],
  });

  it('writes them as insertTransaction would, text escaped, a reversal after what it reverses', async () => {
    const key = `bulk:${crypto.randomUUID()}`;
    const first = tx(key, 'tab\there, a new\nline and a back\\slash');
    await ds.transaction((m) =>
      insertTransactions(m, [first, reversalOf(first, 'payment_reversed', `${key}:x`, 'undone')]).then(() => undefined),
    );
    expect(await ds.transaction((m) => loadTransaction(m, key))).toEqual(first);
    expect((await ds.transaction((m) => loadTransaction(m, `${key}:x`)))?.reverses).toBe(key);
  });

  it('refuses the lot when one does not balance', async () => {
    const bad = { ...tx(`bulk:${crypto.randomUUID()}`, 'bad'), entries: tx('x', 'x').entries.slice(0, 2) };
    await expect(ds.transaction((m) => insertTransactions(m, [tx(`bulk:${crypto.randomUUID()}`, 'good'), bad]))).rejects.toThrow(
      /does not balance/,
    );
  });
});

describe('reading the ledger behind the walls', () => {
  it('shows a client user its own entries and balances, and nothing of another client', async () => {
    const mine = await reads.entries(user(client), { clientId: null, account: null, from: null, to: null }, 1000, null);
    expect(mine.nodes.length).toBeGreaterThan(0);
    expect(mine.nodes.every((n) => n.clientId === client)).toBe(true);
    expect((await reads.entries(user(client), { clientId: other, account: null, from: null, to: null }, 10, null)).nodes).toEqual([]);
    expect(await reads.balances(user(other), { clientId: null, from: null, to: null })).toEqual([]);
    expect(await reads.balances({ ...admin, role: 'agent' }, { clientId: null, from: null, to: null })).toEqual([]);
  });

  it('pages entries by cursor and names a bad filter', async () => {
    const first = await reads.entries(admin, { clientId: client, account: null, from: null, to: null }, 3, null);
    expect(first.nodes).toHaveLength(3);
    const next = await reads.entries(admin, { clientId: client, account: null, from: null, to: null }, 3, first.endCursor);
    expect(next.nodes[0]?.seq === first.nodes[2]?.seq ? next.nodes[0]!.line > first.nodes[2]!.line : true).toBe(true);
    await expect(reads.entries(admin, { clientId: 'x', account: 'cash', from: '2026-13-01', to: null }, 3, null)).rejects.toMatchObject({
      problems: [
        { field: 'clientId', reason: expect.any(String) },
        { field: 'account', reason: expect.any(String) },
        { field: 'from', reason: expect.any(String) },
      ],
    });
  });
});
