import type { HTTPResponse } from 'puppeteer';
import { startAccessPoint } from '@amicus/test-peppol-access-point';
import { startSmtpServer } from '@amicus/test-smtp';
import { BrowserSession, launchBrowser, originOf, screenshot, seriousA11yViolations, signIn, waitForText } from './support/browser';
import { session, type Gql } from './support/session';
import { eventually, SystemUnderTest } from './support/system';

/**
 * The invoices screens in the browser: the agency admin runs March's invoices on "Invoice run"
 * (one issued, the client without an invoicing address left out with the reason) and sends the
 * invoice (e-mail and Peppol); the client's user finds it under "Invoices" and downloads its PDF
 * and UBL; another client's user sees none. axe finds nothing serious.
 */
const SUITE = 'web-invoices';
const ENTERPRISE = '0443322167';
const run = crypto.randomUUID().slice(0, 8);
const PASSWORD = 'invoices-pass-1';
const clientEmail = `client-${run}@invoices.example`;
const strangerEmail = `stranger-${run}@invoices.example`;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let ap: Awaited<ReturnType<typeof startAccessPoint>>;
let system: SystemUnderTest;
let origin: string;
let gql: ReturnType<typeof session>['gql'];
let browser: BrowserSession;
let admin = '';
let otherClientId = '';

async function clientWithBrand(name: string): Promise<{ clientId: string; brandId: string }> {
  const clientId = (await gql('mutation($i:CreateClientInput!){ createClient(input:$i){ id } }', { i: { name, country: 'BE' } }, admin))
    .createClient.id as string;
  const brandId = (
    await gql(
      'mutation($i:CreateBrandInput!){ createBrand(input:$i){ id } }',
      { i: { clientId, name: `${name} brand`, languages: ['en'], phone: '+3231234567' } },
      admin,
    )
  ).createBrand.id as string;
  const draft = (
    await gql(
      `mutation($i:AgreementVersionInput!){ createAgreementVersion(input:$i){ id } }`,
      {
        i: {
          clientId,
          validFrom: '2025-01-01',
          bands: [{ from: '0', principalBp: 1500, interestBp: 1500, costsBp: 0 }],
          fees: {},
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
  return { clientId, brandId };
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  ap = await startAccessPoint({ token: 'web-ap-token', registered: [`0208:${ENTERPRISE}`] });
  system = new SystemUnderTest('e2e_invoices_web', 19200, {
    KAFKA_TOPIC_PREFIX: `e2e_invoices_web_${Date.now().toString(36)}.`,
    SMTP_PORT: String(smtp.port),
    PEPPOL_AP_URL: ap.url,
    PEPPOL_AP_TOKEN: 'web-ap-token',
  });
  origin = originOf(system.gatewayUrl);
  const s = session(system);
  gql = s.gql;
  await system.resetDatabase();
  await system.startAll(['cases', 'billing', 'gateway']);
  admin = await s.login('admin@amicus.local', 'amicus-admin');
  const mine = await clientWithBrand(`Invoices ${run}`);
  otherClientId = (await clientWithBrand(`Elsewhere ${run}`)).clientId;
  for (const [email, clientId] of [
    [clientEmail, mine.clientId],
    [strangerEmail, otherClientId],
  ])
    await gql(
      'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
      { i: { email, password: PASSWORD, role: 'client_user', clientId } },
      admin,
    );
  await gql(
    'mutation($i:PlaceClaimsInput!){ placeClaims(input:$i){ imported } }',
    {
      i: {
        clientId: mine.clientId,
        brandId: mine.brandId,
        claims: [
          {
            debtorName: 'Ivo Invoices',
            email: `ivo+${run}@invoices.example`,
            addressLine1: 'Kerkstraat 12',
            postcode: '2000',
            city: 'Antwerpen',
            country: 'BE',
            language: 'en',
            invoiceNumber: `I-${run}`,
            issueDate: '2025-01-01',
            dueDate: '2025-02-01',
            amount: '400.00',
            currency: 'EUR',
          },
        ],
      },
    },
    admin,
  );
  const caseId = (await gql('query($f:CaseFilterInput){ cases(filter:$f){ nodes { id } } }', { f: { clientId: mine.clientId } }, admin))
    .cases.nodes[0].id as string;
  await gql(
    'mutation($i:RecordPaymentInput!){ recordPayment(input:$i){ id } }',
    {
      i: { caseId, amountMinor: '10000', receivedOn: '2025-03-03', source: 'bank' },
    },
    admin,
  );
  await eventually(
    async () => {
      const b = (await gql('query{ ledgerBalances { account closingMinor } }', {}, admin)).ledgerBalances as Gql[];
      expect(b.find((x) => x.account === 'suspense')?.closingMinor).toBe('0');
      expect(b.find((x) => x.account === 'commission_revenue')).toBeDefined();
    },
    30000,
    250,
  );
  for (const c of [mine.clientId, otherClientId])
    await gql(`mutation($c:ID!){ issueRemittance(clientId:$c, periodStart:"2025-03-01"){ id } }`, { c }, admin);
  await gql(
    `mutation($c:ID!,$i:InvoiceRecipientInput!){ setInvoiceRecipient(clientId:$c, input:$i){ clientId } }`,
    {
      c: mine.clientId,
      i: {
        name: `Invoices ${run} NV`,
        street: 'Meir 1',
        postalCode: '2000',
        city: 'Antwerpen',
        countryCode: 'BE',
        email: `books-${run}@invoices.example`,
        endpointScheme: '0208',
        endpointId: ENTERPRISE,
      },
    },
    admin,
  );
  browser = await launchBrowser();
}, 180000);

afterAll(async () => {
  await browser?.close();
  await system?.stopAll();
  await smtp?.close();
  await ap?.close();
}, 60000);

const textOf = async (page: import('puppeteer').Page, selector: string) =>
  ((await page.$eval(selector, (el) => (el as unknown as { innerText: string }).innerText)) ?? '').replace(/[\u00a0\u202f]/g, ' ');
const filesResponse = (page: import('puppeteer').Page) =>
  page.waitForResponse((r: HTTPResponse) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('InvoiceFiles'));

describe('the invoices screens', () => {
  it('the admin runs March and sends the invoice; the client downloads its PDF and UBL; another client sees none', async () => {
    const page = await browser.page();
    await signIn(page, origin, 'admin@amicus.local', 'amicus-admin');
    await page.goto(`${origin}/admin/invoices`, { waitUntil: 'domcontentloaded' });
    await waitForText(page, 'Invoice run');
    const period = page.locator('input[placeholder="2026-11-01"]');
    await period.fill('2025-03-02');
    await page.locator('button[type=submit]').click();
    await waitForText(page, 'is not the first of a month');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await period.fill('2025-03-01');
    await page.locator('button[type=submit]').click();
    await waitForText(page, '1 invoice issued');
    const result = await textOf(page, '[data-testid=invoice-run-result]');
    expect(result).toContain(otherClientId.slice(0, 8));
    expect(result).toContain('no invoicing address');
    const listed = (await gql('query{ clientInvoices { id number payableMinor } }', {}, admin)).clientInvoices as Gql[];
    expect(listed).toHaveLength(1);
    const number = listed[0]!.number as string;
    await waitForText(page, number);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, SUITE, 'admin-invoice-run');

    await page.locator(`button[aria-label="Send ${number} by e-mail and Peppol"]`).click();
    await waitForText(page, 'Sent: email sent, peppol accepted');
    await eventually(async () => expect(ap.received.some((d) => d.number === number)).toBe(true), 10000, 200);
    expect(smtp.arrived.some((m) => m.envelope.rcptTo.some((r) => r.address === `books-${run}@invoices.example`))).toBe(true);

    const portal = await browser.page();
    await signIn(portal, origin, clientEmail, PASSWORD);
    await portal.goto(`${origin}/client/invoices`, { waitUntil: 'domcontentloaded' });
    await waitForText(portal, number);
    const row = await textOf(portal, '[data-testid=invoices] tbody');
    expect(row).toContain('Invoice');
    expect(row).toContain('€');
    expect(await seriousA11yViolations(portal)).toEqual([]);
    await screenshot(portal, SUITE, 'client-invoices');
    const [pdf] = await Promise.all([filesResponse(portal), portal.locator(`button[aria-label="Download ${number} as PDF"]`).click()]);
    const pdfDoc = ((await pdf.json()) as { data: { clientInvoice: { pdfBase64: string } } }).data.clientInvoice;
    expect(Buffer.from(pdfDoc.pdfBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const [ubl] = await Promise.all([
      filesResponse(portal),
      portal.locator(`button[aria-label="Download ${number} as UBL (Peppol)"]`).click(),
    ]);
    expect(((await ubl.json()) as { data: { clientInvoice: { ubl: string } } }).data.clientInvoice.ubl).toContain(
      `<cbc:ID>${number}</cbc:ID>`,
    );

    const stranger = await browser.page();
    await signIn(stranger, origin, strangerEmail, PASSWORD);
    await stranger.goto(`${origin}/client/invoices`, { waitUntil: 'domcontentloaded' });
    await waitForText(stranger, 'No invoice yet.');
  }, 90000);
});
