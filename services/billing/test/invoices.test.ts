import { simpleParser } from 'mailparser';
import type { DataSource, EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { createEvent, type EventEnvelope, PaymentAllocated, PaymentReceived } from '@amicus/events';
import { Outbox } from '@amicus/messaging';
import { assertPeppolValid } from '@amicus/peppol';
import { freshServiceDatabase, type Messaging, openServiceDataSource } from '@amicus/service-runtime';
import { startSmtpServer } from '@amicus/test-smtp';
import { billingSchema } from '../src/billing-schema';
import { AgreementsService } from '../src/agreements/agreements.service';
import type { AgreementTermsInput } from '../src/agreements/agreement';
import { feeTransaction } from '../src/ledger/ledger';
import { insertTransaction } from '../src/ledger/ledger-store';
import { LedgerPostingsService } from '../src/ledger/ledger-postings.service';
import { RemittancesService } from '../src/remittances/remittances.service';
import { InvoicesService } from '../src/invoices/invoices.service';
import { InvoiceDeliveryService } from '../src/invoices/invoice-delivery.service';
import type { Seller } from '../src/invoices/invoice';
import type { Invoice } from '../src/invoices/invoice-store';
import { startAccessPoint } from '@amicus/test-peppol-access-point';

/**
 * Client invoices against the real Postgres: a remitted month invoiced from the ledger (lines,
 * VAT, the UBL passing both Peppol rule sets, the PDF, ClientInvoiceIssued in the outbox), the
 * numbers gap-free with issuers at once and after a refused one, credit notes referring to the
 * invoice and posted in the ledger, the walls, and delivery by real SMTP on loopback and to a
 * local access point speaking its API.
 */
let ds: DataSource;
let drop: () => Promise<void>;
let postings: LedgerPostingsService;
let remittances: RemittancesService;
let agreements: AgreementsService;
let invoices: InvoicesService;
let delivery: InvoiceDeliveryService;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let ap: Awaited<ReturnType<typeof startAccessPoint>>;
const clock = new Clock('Europe/Brussels');
const admin: Identity = { subject: 'admin', role: 'agency_admin', clientId: null, brandIds: [], email: null };
const user = (clientId: string): Identity => ({ ...admin, subject: 'cu', role: 'client_user', clientId });
const agent: Identity = { ...admin, subject: 'ag', role: 'agent', brandIds: [crypto.randomUUID()] };
const outbox = new Outbox('billing');
const OCTOBER = '2026-10-01';

/** A Belgian enterprise number with its check digits (97 − base mod 97). */
const enterpriseNumber = (base: number) => String(base).padStart(8, '0') + String(97 - (base % 97)).padStart(2, '0');
const seller: Seller = {
  name: 'Amicus Incasso BV',
  vatNumber: `BE${enterpriseNumber(7654321)}`,
  enterpriseNumber: enterpriseNumber(7654321),
  street: 'Wetstraat 16',
  postalCode: '1000',
  city: 'Brussel',
  countryCode: 'BE',
  email: 'billing@amicus.example',
  iban: 'BE68539007547034',
  bic: null,
};

const terms = (over: Partial<AgreementTermsInput> = {}): AgreementTermsInput => ({
  currency: 'EUR',
  commission: { tieredBy: 'none', bands: [{ from: '0', principalBp: 2000, interestBp: 1000, costsBp: 0 }] },
  fees: { letter: '500' },
  collectionCostsKeptBy: 'agency',
  remittancePeriod: 'monthly',
  payoutIban: 'BE68539007547034',
  vat: { kind: 'be_standard', vatNumber: null },
  ...over,
});

async function deliver(e: EventEnvelope): Promise<void> {
  await ds.transaction(async (m) => {
    if (e.type === 'PaymentReceived') await postings.paymentReceived(e as never, m);
    else if (e.type === 'PaymentAllocated') await postings.paymentAllocated(e as never, m);
  });
}

async function pay(clientId: string, caseId: string, principal: string, interest: string, receivedOn: string) {
  const paymentId = crypto.randomUUID();
  const amountMinor = String(BigInt(principal) + BigInt(interest));
  await deliver(
    createEvent(PaymentReceived, {
      aggregateId: caseId,
      clientId,
      payload: {
        paymentId,
        caseId,
        clientId,
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
      clientId,
      payload: {
        paymentId,
        caseId,
        receivedOn,
        currency: 'EUR',
        allocation: {
          costsMinor: '0',
          interestMinor: interest,
          principal: [{ claimId: crypto.randomUUID(), amountMinor: principal }],
          unallocatedMinor: '0',
          rule: 'BE-X-1',
          legalSource: 'test',
        },
        reallocated: false,
        balance: { principalMinor: '0', interestMinor: '0', costsMinor: '0', paidMinor: '0', openMinor: '0' },
      },
    }),
  );
}

/** A client with an approved agreement, its invoicing address, a month of payments and letters, remitted. */
async function remittedClient(
  opts: { terms?: Partial<AgreementTermsInput>; endpointScheme?: string; endpointId?: string; email?: string | null } = {},
) {
  const clientId = crypto.randomUUID();
  const caseId = crypto.randomUUID();
  const draft = await agreements.createVersion(admin, clientId, { validFrom: '2026-01-01', terms: terms(opts.terms) });
  const agreement = await agreements.approveVersion(admin, draft.id);
  await invoices.setRecipient(admin, clientId, {
    name: 'Brouwerij Ça Va NV',
    street: 'Meir 1',
    postalCode: '2000',
    city: 'Antwerpen',
    countryCode: opts.terms?.vat?.country ?? 'BE',
    email: opts.email === undefined ? 'boekhouding@cava.example' : opts.email,
    endpointScheme: opts.endpointScheme ?? '0208',
    endpointId: opts.endpointId ?? enterpriseNumber(4433221),
  });
  await pay(clientId, caseId, '100005', '3333', '2026-10-03'); // 20 % of 1000.05 = 200.01; 10 % of 33.33 = 3.333
  await pay(clientId, caseId, '50000', '0', '2026-10-20');
  await ds.transaction(async (m) => {
    for (const day of ['2026-10-05', '2026-10-12', '2026-10-19'])
      await insertTransaction(
        m,
        feeTransaction({ kind: 'letter', clientId, caseId, bookedOn: day }, agreement, `letter:${clientId}:${day}`)!,
      );
  });
  await remittances.issue(admin, clientId, OCTOBER);
  return { clientId, caseId };
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const e: unknown = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(e)}`);
  return e;
}
const outboxOf = async (type: string) =>
  (
    (await ds.query(`SELECT envelope FROM billing.outbox WHERE type = $1`, [type])) as { envelope: { payload: Record<string, unknown> } }[]
  ).map((r) => r.envelope.payload);
const seqs = async (series: string) =>
  ((await ds.query(`SELECT seq FROM billing.invoices WHERE series = $1 ORDER BY seq`, [series])) as { seq: number }[]).map((r) => r.seq);

beforeAll(async () => {
  ({ ds, drop } = await freshServiceDatabase('billing_invoices', billingSchema));
  smtp = await startSmtpServer();
  ap = await startAccessPoint({ token: 'ap-token', registered: [`0208:${enterpriseNumber(4433221)}`] });
  postings = new LedgerPostingsService(clock);
  const messaging = { publish: (m: EntityManager, e: EventEnvelope | EventEnvelope[]) => outbox.append(m, e) } as unknown as Messaging;
  const look = { name: 'Amicus Incasso BV', colour: '#1f4e79' };
  remittances = new RemittancesService(ds, clock, messaging, { name: 'Amicus Incasso', iban: 'BE71096123456769', bic: 'GKCCBEBB' }, look);
  agreements = new AgreementsService(ds, clock);
  invoices = new InvoicesService(ds, clock, messaging, seller, look);
  delivery = new InvoiceDeliveryService(ds, clock, invoices, seller, {
    smtp: { host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true },
    from: seller.email,
    accessPoint: { url: ap.url, token: 'ap-token' },
  });
}, 120_000);

afterAll(async () => {
  delivery?.onModuleDestroy();
  await smtp?.close();
  await ap?.close();
  await drop();
});

describe('invoicing a remitted month', () => {
  let client: string;
  let invoice: Invoice;

  it('invoices the commission per part and the fees from the ledger, Belgian VAT once on the whole, the UBL valid by the Peppol rules', async () => {
    ({ clientId: client } = await remittedClient());
    invoice = await invoices.issue(admin, client, OCTOBER);
    const year = Number(clock.today().slice(0, 4));
    expect(invoice.number).toMatch(new RegExp(`^INV-${year}-\\d{6}$`));
    // principal 1000.05 × 20 % = 200.01 and 500.00 × 20 % = 100.00; interest 33.33 × 10 % = 3.33 (each allocation rounded once)
    expect(invoice.lines.map((l) => [l.kind, l.quantity, l.unitPriceMinor, l.amountMinor])).toEqual([
      ['commission_principal', 1n, 30001n, 30001n],
      ['commission_interest', 1n, 333n, 333n],
      ['fee_letter', 3n, 500n, 1500n],
    ]);
    // 318.34 × 21 % = 66.8514 → 66.85; the ledger booked 42.70 + 21.00 + 3 × 1.05 = 66.85 too
    expect(invoice).toMatchObject({ lineTotalMinor: 31834n, vatMinor: 6685n, payableMinor: 38519n, vatBookedMinor: 6685n });
    expect(invoice.period).toEqual({ start: '2026-10-01', end: '2026-10-31' });
    const v = await assertPeppolValid(invoice.ubl);
    expect(v.document).toBe('Invoice');
    expect(invoice.ubl).toContain('<cbc:PayableAmount currencyID="EUR">385.19</cbc:PayableAmount>');
    expect(invoice.ubl).toContain(`<cbc:BuyerReference>AMICUS-${client.slice(0, 8).toUpperCase()}</cbc:BuyerReference>`);
    const pdf = Buffer.from(await invoices.pdf(invoice));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const [event] = (await outboxOf('ClientInvoiceIssued')).filter((p) => p.invoiceId === invoice.id);
    expect(event).toMatchObject({ number: invoice.number, payableMinor: '38519', vatCategory: 'S', lines: 3, periodStart: OCTOBER });
  });

  it('asked again, gives the same invoice and takes no number', async () => {
    const before = await seqs('INV');
    const again = await invoices.issue(admin, client, OCTOBER);
    expect(again.id).toBe(invoice.id);
    expect(await seqs('INV')).toEqual(before);
    expect((await outboxOf('ClientInvoiceIssued')).filter((p) => p.invoiceId === invoice.id)).toHaveLength(1);
  });

  it('refuses a period not remitted yet, and one with nothing to invoice', async () => {
    expect((await refusal(invoices.issue(admin, client, '2026-11-01'))).message).toMatch(/is not remitted yet/);
    const quiet = crypto.randomUUID();
    const d = await agreements.createVersion(admin, quiet, { validFrom: '2026-01-01', terms: terms() });
    await agreements.approveVersion(admin, d.id);
    await invoices.setRecipient(admin, quiet, {
      name: 'Q',
      street: 's',
      postalCode: '1',
      city: 'c',
      countryCode: 'BE',
      endpointScheme: '0208',
      endpointId: enterpriseNumber(1234),
    });
    await remittances.issue(admin, quiet, OCTOBER);
    const e = await refusal(invoices.issue(admin, quiet, OCTOBER));
    expect([e.code, e.message]).toEqual(['conflict', 'no commission or fees to invoice up to 2026-10-31']);
  });

  it('intra-EU reverse charge: category AE, no VAT, the legal mention, the client’s VAT number', async () => {
    const { clientId } = await remittedClient({
      terms: { vat: { kind: 'reverse_charge', country: 'NL', vatNumber: 'NL004495445B01' } },
      endpointScheme: '0106', // the Dutch chamber of commerce number
      endpointId: '12345678',
    });
    const inv = await invoices.issue(admin, clientId, OCTOBER);
    expect(inv).toMatchObject({ vat: { category: 'AE', buyerVatNumber: 'NL004495445B01' }, vatMinor: 0n, payableMinor: 31834n });
    await assertPeppolValid(inv.ubl);
    expect(inv.ubl).toContain('<cbc:TaxExemptionReasonCode>VATEX-EU-AE</cbc:TaxExemptionReasonCode>');
    expect(inv.ubl).toContain('Article 196');
    expect(inv.ubl).toContain('<cbc:CompanyID>NL004495445B01</cbc:CompanyID>');
  });
});

describe('the numbers: gap-free per year, each used once', () => {
  it('two issuers at once: different clients get consecutive numbers, the same client one invoice', async () => {
    const a = await remittedClient();
    const b = await remittedClient();
    const [x, y, z] = await Promise.all([
      invoices.issue(admin, a.clientId, OCTOBER),
      invoices.issue(admin, b.clientId, OCTOBER),
      invoices.issue(admin, a.clientId, OCTOBER),
    ]);
    expect(z!.id).toBe(x!.id);
    expect(new Set([x!.number, y!.number]).size).toBe(2);
    const all = await seqs('INV');
    expect(all).toEqual(all.map((_, i) => i + 1));
  });

  it('two billing instances on their own connections issuing at once: every number once, none skipped', async () => {
    const url = (ds.options as { url: string }).url;
    const second = await openServiceDataSource(url, billingSchema);
    try {
      const messaging = { publish: (m: EntityManager, e: EventEnvelope | EventEnvelope[]) => outbox.append(m, e) } as unknown as Messaging;
      const other = new InvoicesService(second, clock, messaging, seller, { name: 'Amicus Incasso BV', colour: '#1f4e79' });
      const clients = await Promise.all([1, 2, 3, 4, 5, 6].map(() => remittedClient()));
      const before = (await seqs('INV')).length;
      const issued = await Promise.all(clients.map((c, i) => (i % 2 ? other : invoices).issue(admin, c.clientId, OCTOBER)));
      expect(new Set(issued.map((i) => i.number)).size).toBe(6);
      const all = await seqs('INV');
      expect(all).toHaveLength(before + 6);
      expect(all).toEqual(all.map((_, i) => i + 1));
    } finally {
      await second.destroy();
    }
  });

  it('a document refused by a Peppol rule is not issued and gives its number back', async () => {
    // 0208 ids carry a mod-97 check: the Peppol rules refuse a wrong one.
    const bad = await remittedClient({ endpointId: '0123456789' });
    const before = await seqs('INV');
    const e = await refusal(invoices.issue(admin, bad.clientId, OCTOBER));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/fails the Peppol rules PEPPOL-/);
    expect(e.problems[0]?.field).toMatch(/^PEPPOL-COMMON-R0\d\d$/);
    expect(await seqs('INV')).toEqual(before);
    expect(
      Number(
        (
          (await ds.query(
            `SELECT count(*) AS n FROM billing.invoice_items ii JOIN billing.ledger_transactions t ON t.id = ii.transaction_id WHERE t.client_id = $1`,
            [bad.clientId],
          )) as { n: string }[]
        )[0]!.n,
      ),
    ).toBe(0);
    await invoices.setRecipient(admin, bad.clientId, {
      name: 'Fixed NV',
      street: 'Meir 1',
      postalCode: '2000',
      city: 'Antwerpen',
      countryCode: 'BE',
      endpointScheme: '0208',
      endpointId: enterpriseNumber(555555),
    });
    const ok = await invoices.issue(admin, bad.clientId, OCTOBER);
    expect(ok.number.endsWith(String(before.length + 1).padStart(6, '0'))).toBe(true);
    const all = await seqs('INV');
    expect(all).toEqual(all.map((_, i) => i + 1));
  });

  it('the database refuses to change or delete an issued document', async () => {
    await expect(ds.query(`UPDATE billing.invoices SET number = 'X' WHERE kind = 'invoice'`)).rejects.toThrow(/never changed or deleted/);
    await expect(ds.query(`DELETE FROM billing.invoices`)).rejects.toThrow(/never changed or deleted/);
  });
});

describe('credit notes', () => {
  it('credit part of an invoice, then the rest; each refers to it, is valid by the Peppol rules and posts in the ledger', async () => {
    const { clientId } = await remittedClient();
    const inv = await invoices.issue(admin, clientId, OCTOBER);
    const receivable = async () =>
      BigInt(
        (
          (await ds.query(
            `SELECT coalesce(sum(amount_minor), 0)::text AS n FROM billing.ledger_entries WHERE client_id = $1 AND account = 'client_receivable'`,
            [clientId],
          )) as { n: string }[]
        )[0]!.n,
      );
    const owed = await receivable();
    const one = await invoices.creditNote(admin, inv.id, 'one letter was sent twice', [{ line: 2, quantity: 1n }]);
    expect(one).toMatchObject({ kind: 'credit_note', creditedInvoiceId: inv.id, lineTotalMinor: 500n, vatMinor: 105n, payableMinor: 605n });
    expect(one.number).toMatch(/^CN-\d{4}-000001$/);
    expect(one.lines).toEqual([expect.objectContaining({ kind: 'fee_letter', quantity: 1n, creditsLine: 2 })]);
    await assertPeppolValid(one.ubl);
    expect(one.ubl).toContain(`<cac:InvoiceDocumentReference>`);
    expect(one.ubl).toContain(`<cbc:ID>${inv.number}</cbc:ID>`);
    expect(await receivable()).toBe(owed - 605n);
    const [event] = (await outboxOf('CreditNoteIssued')).filter((p) => p.creditNoteId === one.id);
    expect(event).toMatchObject({ invoiceId: inv.id, invoiceNumber: inv.number, payableMinor: '605', reason: 'one letter was sent twice' });

    const over = await refusal(invoices.creditNote(admin, inv.id, 'again', [{ line: 2, quantity: 3n }]));
    expect(over.problems).toEqual([{ field: 'lines[0].quantity', reason: 'is more than is left to credit of line 2 (2 of 3)' }]);
    expect((await refusal(invoices.creditNote(admin, inv.id, '  ', null))).problems[0]?.field).toBe('reason');

    const rest = await invoices.creditNote(admin, inv.id, 'the agreement was cancelled', null);
    expect(rest.lineTotalMinor + one.lineTotalMinor).toBe(inv.lineTotalMinor);
    await assertPeppolValid(rest.ubl);
    expect(await seqs('CN')).toEqual([1, 2]);
    expect((await refusal(invoices.creditNote(admin, inv.id, 'once more', null))).problems).toEqual([
      { field: 'lines', reason: 'nothing is left to credit on this invoice' },
    ]);
    expect((await refusal(invoices.creditNote(admin, one.id, 'of a credit note', null))).problems[0]?.field).toBe('invoiceId');
    const [{ n }] = (await ds.query(
      `SELECT count(*)::text AS n FROM billing.ledger_transactions WHERE kind = 'credit_noted' AND client_id = $1`,
      [clientId],
    )) as { n: string }[];
    expect(n).toBe('2');
  });
});

describe('the walls', () => {
  it('a client user sees only its own client’s invoices; another client’s user, an agent nothing; only the admin issues', async () => {
    const { clientId } = await remittedClient();
    const inv = await invoices.issue(admin, clientId, OCTOBER);
    const own = await invoices.list(user(clientId), null, 100);
    expect(own.map((i) => i.clientId)).toEqual([clientId]);
    expect((await invoices.one(user(clientId), inv.id))?.id).toBe(inv.id);
    const wrong = user(crypto.randomUUID());
    expect(await invoices.list(wrong, null, 100)).toEqual([]);
    expect(await invoices.list(wrong, clientId, 100)).toEqual([]);
    expect(await invoices.one(wrong, inv.id)).toBeNull();
    expect(await invoices.recipient(wrong, clientId)).toBeNull();
    expect(await delivery.deliveries(wrong, inv.id)).toEqual([]);
    expect(await invoices.list(agent, null, 100)).toEqual([]);
    expect((await refusal(invoices.issue(user(clientId), clientId, OCTOBER))).code).toBe('forbidden');
    expect((await refusal(invoices.creditNote(user(clientId), inv.id, 'mine', null))).code).toBe('forbidden');
    expect((await refusal(delivery.send(user(clientId), inv.id))).code).toBe('forbidden');
    expect((await invoices.list(admin, null, 500)).length).toBeGreaterThan(1);
  });
});

describe('delivery', () => {
  it('e-mails the PDF and the UBL to the billing address over SMTP and hands the UBL to the Peppol access point', async () => {
    const { clientId } = await remittedClient();
    const inv = await invoices.issue(admin, clientId, OCTOBER);
    // Two senders at once (two admins clicking Send): one e-mail, one Peppol message.
    const [sent, twin] = await Promise.all([delivery.send(admin, inv.id), delivery.send(admin, inv.id)]);
    expect(twin.map((d) => d.id)).toEqual(sent.map((d) => d.id));
    expect(sent.map((d) => [d.channel, d.status])).toEqual([
      ['email', 'sent'],
      ['peppol', 'accepted'],
    ]);
    const mail = smtp.arrived.find(
      (m) => m.envelope.rcptTo.some((r) => r.address === 'boekhouding@cava.example') && m.raw.includes(inv.number),
    );
    expect(mail).toBeDefined();
    const parsed = await simpleParser(mail!.raw);
    expect(parsed.subject).toContain(inv.number);
    expect(parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`${inv.number}.pdf`, 'application/pdf'],
      [`${inv.number}.xml`, 'application/xml'],
    ]);
    expect(parsed.attachments[1]!.content.toString('utf8')).toBe(inv.ubl);
    const atAp = ap.received.find((d) => d.idempotencyKey === inv.id);
    expect(atAp).toMatchObject({ document: 'Invoice', number: inv.number, receiver: `0208:${enterpriseNumber(4433221)}`, ubl: inv.ubl });
    expect(atAp!.sender).toBe(`0208:${seller.enterpriseNumber}`);

    // Sent again: nothing goes twice.
    const again = await delivery.send(admin, inv.id);
    expect(again).toHaveLength(2);
    expect(smtp.arrived.filter((m) => m.raw.includes(`${inv.number}.pdf`))).toHaveLength(1);
    expect(ap.received.filter((d) => d.idempotencyKey === inv.id)).toHaveLength(1);

    const refreshed = await delivery.refresh(admin, inv.id);
    expect(refreshed.find((d) => d.channel === 'peppol')).toMatchObject({ status: 'delivered', providerMessageId: atAp!.messageId });
  });

  it('records what the relay and the access point refused: an unknown mailbox (550), a receiver not in the SMP', async () => {
    const { clientId } = await remittedClient({ endpointId: enterpriseNumber(9876543), email: 'unknown@cava.example' });
    const inv = await invoices.issue(admin, clientId, OCTOBER);
    const sent = await delivery.send(admin, inv.id);
    expect(sent.find((d) => d.channel === 'email')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/^SMTP 550/) });
    const refreshed = await delivery.refresh(admin, inv.id);
    expect(refreshed.find((d) => d.channel === 'peppol')).toMatchObject({
      status: 'failed',
      detail: `receiver 0208:${enterpriseNumber(9876543)} is not registered in the SMP`,
    });
  });
});

describe('the VAT rounding', () => {
  const vatOf = async (invoiceIds: string[]) =>
    BigInt(
      (
        (await ds.query(
          `SELECT coalesce(sum(e.amount_minor), 0)::text AS n FROM billing.ledger_entries e
           JOIN billing.invoice_items i ON i.transaction_id = e.transaction_id
           WHERE i.invoice_id = ANY($1::uuid[]) AND e.account = 'vat_payable'`,
          [invoiceIds],
        )) as { n: string }[]
      )[0]!.n,
    );

  it('posts the difference between the VAT on the total and the VAT booked per transaction with the invoice; a full credit note leaves none', async () => {
    // Letters at €0.02: 21 % of 2 cents is 0.42 → 0 booked per letter; on the invoice's total it counts.
    const { clientId } = await remittedClient({ terms: { fees: { letter: '2' } } });
    const inv = await invoices.issue(admin, clientId, OCTOBER);
    // 300.01 + 3.33 + 3 × 0.02 = 303.40; × 21 % = 63.714 → 63.71; booked 42.70 + 21.00 + 3 × 0 = 63.70
    expect(inv).toMatchObject({ lineTotalMinor: 30340n, vatMinor: 6371n, vatBookedMinor: 6370n });
    expect(await vatOf([inv.id])).toBe(-6371n);
    const [tx] = (await ds.query(`SELECT kind, memo FROM billing.ledger_transactions WHERE key = $1`, [`vat_rounding:${inv.id}`])) as {
      kind: string;
      memo: string;
    }[];
    expect(tx).toEqual({ kind: 'vat_rounded', memo: expect.stringContaining('BR-CO-17') });
    const cn = await invoices.creditNote(admin, inv.id, 'the agreement was cancelled', null);
    expect(cn.vatMinor).toBe(6371n);
    expect(await vatOf([inv.id, cn.id])).toBe(0n);
  });

  it('posts nothing when they agree', async () => {
    const { clientId } = await remittedClient();
    const inv = await invoices.issue(admin, clientId, OCTOBER);
    expect(inv.vatMinor).toBe(inv.vatBookedMinor);
    expect(await ds.query(`SELECT 1 FROM billing.ledger_transactions WHERE key = $1`, [`vat_rounding:${inv.id}`])).toEqual([]);
    expect(await vatOf([inv.id])).toBe(-inv.vatMinor);
  });
});
