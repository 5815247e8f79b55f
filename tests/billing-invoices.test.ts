import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { validateXML } from 'xmllint-wasm';
import { assertPeppolValid } from '@amicus/peppol';
import { startAccessPoint } from '@amicus/test-peppol-access-point';
import { startSmtpServer } from '@amicus/test-smtp';
import { session, type Gql } from './support/session';
import { SystemUnderTest, eventually } from './support/system';

/**
 * Client invoices through the gateway: a claim placed and paid (money in → the ledger), March
 * remitted (its statement PDF, its pain.001 valid against the XSD), then invoiced —
 * the commission the ledger booked with 21 % VAT, its UBL valid by both Peppol rule
 * sets, its PDF; asked again the same invoice; e-mailed over a real SMTP server on loopback with
 * the PDF and the UBL, and handed to a local access point (delivered when polled); a credit note
 * refers to it; the invoice run leaves out a client with its reason. The client's
 * user sees and downloads its own invoices; another client's user sees none and cannot fetch
 * one by id; an agent is refused; only the admin issues.
 */
const PREFIX = `e2e_invoices_${Date.now().toString(36)}.`;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let ap: Awaited<ReturnType<typeof startAccessPoint>>;
let system: SystemUnderTest;
let gql: ReturnType<typeof session>['gql'];
let login: ReturnType<typeof session>['login'];
const PASSWORD = 'long-enough-pass';
const ENTERPRISE = '0443322167'; // 04433221 and its mod-97 check digits (97 − 4433221 mod 97)

let admin: string;
let clientUser: string;
let strangerUser: string;
let agent: string;
let clientId: string;
let otherClientId: string;
/** The commission the ledger booked on March's payment (15 % of what it paid of principal and interest). */
let commissionMinor: bigint;
let remittanceId: string;

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

async function agreed(client: string): Promise<void> {
  const draft = (
    await gql(
      `mutation($i:AgreementVersionInput!){ createAgreementVersion(input:$i){ id } }`,
      {
        i: {
          clientId: client,
          validFrom: '2025-01-01',
          bands: [{ from: '0', principalBp: 1500, interestBp: 1500, costsBp: 0 }],
          fees: { caseOpened: '500' },
          collectionCostsKeptBy: 'agency',
          remittancePeriod: 'monthly',
          payoutIban: 'BE68539007547034',
          vat: { kind: 'be_standard' },
        },
      },
      admin,
    )
  ).createAgreementVersion as Gql;
  await gql('mutation($id:ID!){ approveAgreementVersion(id:$id){ status } }', { id: draft.id }, admin);
}

const INVOICE_FIELDS = `id kind number clientId periodStart periodEnd issueDate dueDate currency vatCategory vatRatePercent
  lines { kind quantity unitPriceMinor amountMinor creditsLine } lineTotalMinor vatMinor payableMinor creditedInvoiceId reason`;
const LEDGER = `query($c:ID){ ledgerBalances(clientId:$c){ account clientId closingMinor } }`;

beforeAll(async () => {
  smtp = await startSmtpServer();
  ap = await startAccessPoint({ token: 'e2e-ap-token', registered: [`0208:${ENTERPRISE}`] });
  system = new SystemUnderTest('e2e_invoices', 19100, {
    KAFKA_TOPIC_PREFIX: PREFIX,
    SMTP_PORT: String(smtp.port),
    PEPPOL_AP_URL: ap.url,
    PEPPOL_AP_TOKEN: 'e2e-ap-token',
  });
  ({ gql, login } = session(system));
  await system.resetDatabase();
  await system.startAll(['cases', 'billing', 'gateway']);
  admin = await login('admin@amicus.local', 'amicus-admin');
  const mine = await brandOf('Brouwerij Factuur');
  clientId = mine.clientId;
  const other = await brandOf('Elders Factuur');
  otherClientId = other.clientId;
  clientUser = await user('client_user', { clientId });
  strangerUser = await user('client_user', { clientId: otherClientId });
  agent = await user('agent', { brandIds: [mine.brandId] });
  await agreed(clientId);
  await agreed(otherClientId);

  await gql(
    'mutation($i:PlaceClaimsInput!){ placeClaims(input:$i){ casesOpened } }',
    {
      i: {
        clientId,
        brandId: mine.brandId,
        claims: [
          {
            debtorName: 'Anna Claes',
            email: 'anna@example.be',
            addressLine1: 'Kerkstraat 1',
            postcode: '9000',
            city: 'Gent',
            country: 'BE',
            invoiceNumber: `F-${Date.now()}`,
            issueDate: '2025-01-02',
            dueDate: '2025-02-01',
            amount: '400.00',
            currency: 'EUR',
          },
        ],
      },
    },
    admin,
  );
  const caseId = (
    (await gql('query($c:ID!){ cases(filter:{clientId:$c}){ nodes { id } } }', { c: clientId }, admin)).cases.nodes as Gql[]
  )[0]!.id as string;
  // The fee per case opened (5.00 + VAT) once billing has heard of the case, then a bank payment of 100.00 in March.
  const receivable = async () =>
    ((await gql(LEDGER, { c: clientId }, admin)).ledgerBalances as Gql[]).find(
      (b) => b.account === 'client_receivable' && b.clientId === clientId,
    )?.closingMinor;
  await eventually(async () => expect(await receivable()).toBe('605'), 30000, 250);
  await gql(
    `mutation($i:RecordPaymentInput!){ recordPayment(input:$i){ id } }`,
    { i: { caseId, amountMinor: '10000', receivedOn: '2025-03-03', source: 'bank' } },
    admin,
  );
  commissionMinor = await eventually(
    async () => {
      const b = (await gql(LEDGER, { c: null }, admin)).ledgerBalances as Gql[];
      expect(b.find((x) => x.account === 'suspense')?.closingMinor).toBe('0');
      const commission = -BigInt(b.find((x) => x.account === 'commission_revenue')?.closingMinor ?? '0');
      expect(commission).toBeGreaterThan(0n);
      return commission;
    },
    30000,
    250,
  );
  for (const c of [clientId, otherClientId]) {
    const r = (await gql(`mutation($c:ID!){ issueRemittance(clientId:$c, periodStart:"2025-03-01"){ id } }`, { c }, admin))
      .issueRemittance as Gql;
    if (c === clientId) remittanceId = r.id as string;
  }
}, 180000);

afterAll(async () => {
  await system?.stopAll();
  await smtp?.close();
  await ap?.close();
}, 60000);

describe('client invoices through the gateway', () => {
  let invoice: Gql;

  it('has remitted March first: its statement as a PDF, the payout as a pain.001 valid against its schema', async () => {
    const r = (await gql(`query($id:ID!){ remittance(id:$id){ outcome payoutMinor statementPdfBase64 } }`, { id: remittanceId }, admin))
      .remittance as Gql;
    expect(r.outcome).toBe('payout');
    expect(
      Buffer.from(r.statementPdfBase64 as string, 'base64')
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const xml = (
      await gql(
        'query($ids:[ID!]!,$d:String!){ remittancePayoutFile(remittanceIds:$ids, executionDate:$d) }',
        { ids: [remittanceId], d: '2999-12-31' },
        admin,
      )
    ).remittancePayoutFile as string;
    const xsd = fs.readFileSync(
      path.join(__dirname, '..', 'services', 'billing', 'src', 'remittances', 'xsd', 'pain.001.001.09-sct.xsd'),
      'utf8',
    );
    expect((await validateXML({ xml: [{ fileName: 'payout.xml', contents: xml }], schema: [xsd] })).errors).toEqual([]);
  });

  it('refuses an invoice before the client has an invoicing address, and a bad address field by name', async () => {
    const none = await system.graphql(
      `mutation($c:ID!){ issueInvoice(clientId:$c, periodStart:"2025-03-01"){ id } }`,
      { c: clientId },
      admin,
    );
    expect(none.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(none.errors?.[0]?.message).toMatch(/no invoicing address/);
    const bad = await system.graphql(
      `mutation($c:ID!,$i:InvoiceRecipientInput!){ setInvoiceRecipient(clientId:$c, input:$i){ clientId } }`,
      {
        c: clientId,
        i: { name: 'B', street: 's', postalCode: '1', city: 'c', countryCode: 'Belgium', endpointScheme: '0208', endpointId: ENTERPRISE },
      },
      admin,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'input.countryCode' }] });
  });

  it('invoices March from the ledger: the commission, 21 % VAT, the UBL valid by the Peppol rules, the PDF', async () => {
    await gql(
      `mutation($c:ID!,$i:InvoiceRecipientInput!){ setInvoiceRecipient(clientId:$c, input:$i){ clientId buyerReference } }`,
      {
        c: clientId,
        i: {
          name: 'Brouwerij Factuur NV',
          street: 'Meir 1',
          postalCode: '2000',
          city: 'Antwerpen',
          countryCode: 'BE',
          email: 'boekhouding@factuur.example',
          endpointScheme: '0208',
          endpointId: ENTERPRISE,
          buyerReference: 'PO-2025-03',
        },
      },
      admin,
    );
    invoice = (
      await gql(
        `mutation($c:ID!){ issueInvoice(clientId:$c, periodStart:"2025-03-01"){ ${INVOICE_FIELDS} ubl pdfBase64 } }`,
        { c: clientId },
        admin,
      )
    ).issueInvoice as Gql;
    expect(invoice).toMatchObject({
      kind: 'invoice',
      clientId,
      periodStart: '2025-03-01',
      periodEnd: '2025-03-31',
      currency: 'EUR',
      vatCategory: 'S',
      vatRatePercent: '21',
    });
    // The commission the ledger booked in March, per part; the fee per case opened is booked on the day the case opened (today), not in March.
    const lines = invoice.lines as Gql[];
    expect(lines.every((l) => (l.kind as string).startsWith('commission_') && l.quantity === '1')).toBe(true);
    expect(lines.reduce((s, l) => s + BigInt(l.amountMinor), 0n)).toBe(commissionMinor);
    const vat = (commissionMinor * 21n + 50n) / 100n;
    expect([invoice.lineTotalMinor, invoice.vatMinor, invoice.payableMinor]).toEqual([
      String(commissionMinor),
      String(vat),
      String(commissionMinor + vat),
    ]);
    expect(invoice.number).toMatch(/^INV-\d{4}-000001$/);
    const v = await assertPeppolValid(invoice.ubl as string);
    expect(v).toMatchObject({ document: 'Invoice', id: invoice.number, valid: true });
    expect(invoice.ubl).toContain('<cbc:BuyerReference>PO-2025-03</cbc:BuyerReference>');
    expect(
      Buffer.from(invoice.pdfBase64 as string, 'base64')
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const again = (
      await gql(`mutation($c:ID!){ issueInvoice(clientId:$c, periodStart:"2025-03-01"){ id number } }`, { c: clientId }, admin)
    ).issueInvoice as Gql;
    expect(again).toEqual({ id: invoice.id, number: invoice.number });
  });

  it('e-mails the PDF and the UBL to the billing address and delivers the UBL through the access point', async () => {
    const sent = (
      await gql(`mutation($id:ID!){ sendInvoice(id:$id){ channel status recipient providerMessageId } }`, { id: invoice.id }, admin)
    ).sendInvoice as Gql[];
    expect(sent.map((d) => [d.channel, d.status, d.recipient])).toEqual([
      ['email', 'sent', 'boekhouding@factuur.example'],
      ['peppol', 'accepted', `0208:${ENTERPRISE}`],
    ]);
    const mail = smtp.arrived.find((m) => m.envelope.rcptTo.some((r) => r.address === 'boekhouding@factuur.example'));
    const parsed = await simpleParser(mail!.raw);
    expect(parsed.attachments.map((a) => a.filename)).toEqual([`${invoice.number}.pdf`, `${invoice.number}.xml`]);
    expect(ap.received.find((d) => d.number === invoice.number)).toMatchObject({ document: 'Invoice', receiver: `0208:${ENTERPRISE}` });
    const refreshed = (await gql(`mutation($id:ID!){ refreshInvoiceDeliveries(id:$id){ channel status } }`, { id: invoice.id }, admin))
      .refreshInvoiceDeliveries as Gql[];
    expect(refreshed.find((d) => d.channel === 'peppol')?.status).toBe('delivered');
  });

  it('credits the invoice with a credit note that refers to it and takes it back from what the client owes', async () => {
    const owed = async () =>
      BigInt(
        ((await gql(LEDGER, { c: clientId }, admin)).ledgerBalances as Gql[]).find(
          (b) => b.account === 'client_receivable' && b.clientId === clientId,
        )?.closingMinor ?? '0',
      );
    const before = await owed();
    const cn = (
      await gql(
        `mutation($id:ID!){ issueCreditNote(invoiceId:$id, reason:"the payment was the client's own"){ ${INVOICE_FIELDS} ubl } }`,
        { id: invoice.id },
        admin,
      )
    ).issueCreditNote as Gql;
    expect(cn).toMatchObject({
      kind: 'credit_note',
      creditedInvoiceId: invoice.id,
      reason: "the payment was the client's own",
      lines: (invoice.lines as Gql[]).map((l, i) => ({ ...l, creditsLine: i })),
      lineTotalMinor: invoice.lineTotalMinor,
      vatMinor: invoice.vatMinor,
      payableMinor: invoice.payableMinor,
    });
    expect(cn.number).toMatch(/^CN-\d{4}-000001$/);
    await assertPeppolValid(cn.ubl as string);
    expect(cn.ubl).toContain(`<cbc:ID>${invoice.number}</cbc:ID>`);
    expect(await owed()).toBe(before - BigInt(cn.payableMinor as string));
    const over = await system.graphql(
      `mutation($id:ID!){ issueCreditNote(invoiceId:$id, reason:"again", lines:[{ line: 0 }]){ id } }`,
      { id: invoice.id },
      admin,
    );
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'lines[0].quantity' }] });
  });

  it('runs the month for every client: the other client is left out with its reason', async () => {
    const run = (
      await gql(
        `mutation{ issueInvoices(periodStart:"2025-03-01", periodKind:"monthly"){ issued { id } skipped { clientId reason } } }`,
        {},
        admin,
      )
    ).issueInvoices as Gql;
    expect(run.issued).toEqual([]);
    expect(run.skipped).toEqual([{ clientId: otherClientId, reason: expect.stringMatching(/no invoicing address/) }]);
  });

  it('the client’s user sees and downloads its own; another client’s user nothing; an agent is refused; only the admin issues', async () => {
    const LIST = `query{ clientInvoices { id kind number pdfBase64 ubl } }`;
    const own = (await gql(LIST, {}, clientUser)).clientInvoices as Gql[];
    expect(own.map((i) => i.kind).sort()).toEqual(['credit_note', 'invoice']);
    const mine = own.find((i) => i.id === invoice.id)!;
    expect(mine.ubl).toBe(invoice.ubl);
    expect(
      Buffer.from(mine.pdfBase64 as string, 'base64')
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect((await gql(LIST, {}, strangerUser)).clientInvoices).toEqual([]);
    expect((await gql(`query($c:ID){ clientInvoices(clientId:$c){ id } }`, { c: clientId }, strangerUser)).clientInvoices).toEqual([]);
    expect((await gql(`query($id:ID!){ clientInvoice(id:$id){ id } }`, { id: invoice.id }, strangerUser)).clientInvoice).toBeNull();
    expect(
      (await gql(`query($c:ID!){ invoiceRecipient(clientId:$c){ name } }`, { c: clientId }, strangerUser)).invoiceRecipient,
    ).toBeNull();
    expect((await system.graphql(LIST, {}, agent)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const notAdmin = await system.graphql(
      `mutation($c:ID!){ issueInvoice(clientId:$c, periodStart:"2025-03-01"){ id } }`,
      { c: clientId },
      clientUser,
    );
    expect(notAdmin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const send = await system.graphql(`mutation($id:ID!){ sendInvoice(id:$id){ id } }`, { id: invoice.id }, clientUser);
    expect(send.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
