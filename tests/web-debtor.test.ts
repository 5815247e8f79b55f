import { Client } from 'pg';
import type { Page } from 'puppeteer';
import { DEMO_USERS, loadDemoData } from '@amicus/cli';
import { BrowserSession, launchBrowser, originOf, screenshot, seriousA11yViolations, waitForText } from './support/browser';
import { MOLLIE_TEST_API_KEY, startMollieServer, type MollieServer } from '@amicus/test-mollie';
import { session, type Gql } from './support/session';
import { eventually, SystemUnderTest } from './support/system';

/**
 * The debtor's page behind the pay link, on a phone (390×844), on the demo data: the statement
 * in the debtor's own language and in the client's brand, the language switched (for this visit
 * only), a part of the total typed and its QR code made for it, the IBAN and reference shown
 * and copied; each link shows its own case only; a case paid in full says thank you; a made-up
 * link says, in the browser's language, that it is not valid. axe finds nothing serious on any
 * of them, and everything is reached by Tab.
 *
 * Tokens are kept only where they are printed: the test reads them from communications' copy
 * of the case (case_contacts.pay_link_token, from CaseOpened.payLink), as a letter would.
 */
const SUITE = 'web-debtor';
const MOLLIE_PORT = 16790;
const system = new SystemUnderTest('e2e_web_debtor', 16700, {
  KAFKA_TOPIC_PREFIX: 'e2e_web_debtor.',
  // Paying online: the cases service asks a local server that speaks Mollie's v2 API.
  PAYMENT_PROVIDER: 'mollie',
  MOLLIE_API_KEY: MOLLIE_TEST_API_KEY,
  MOLLIE_API_URL: `http://127.0.0.1:${MOLLIE_PORT}`,
  PUBLIC_BASE_URL: 'http://127.0.0.1:16700',
  SMTP_PORT: '16798',
  PDF_POOL_SIZE: '1',
  // The letter sent below is handed to the print house (and so "sent") within a second.
  PRINT_BATCH_INTERVAL_MS: '1000',
});
const origin = originOf(system.gatewayUrl);
const { gql, login } = session(system);
const MOBILE = { width: 390, height: 844 };
let browser: BrowserSession;
let mollie: MollieServer;
let db: Client;
let admin = '';

interface DemoCase {
  caseId: string;
  token: string;
  language: string;
  debtorName: string;
  brandId: string;
}

/** Open demo cases of a language, with their pay link's token as communications keeps it to print. */
async function casesOf(language: string, where = 'TRUE'): Promise<DemoCase[]> {
  const { rows } = await db.query<DemoCase>(
    `SELECT case_id AS "caseId", pay_link_token AS token, language, debtor_name AS "debtorName", brand_id AS "brandId"
       FROM communications.case_contacts
      WHERE language = $1 AND pay_link_token IS NOT NULL AND closed_outcome IS NULL AND currency = 'EUR' AND ${where}
      ORDER BY case_number`,
    [language],
  );
  return rows;
}

/** What the API says behind a link (anonymous, as the page asks it). */
async function statementOf(token: string): Promise<Gql> {
  return (
    await gql(
      `query($t:String!){ payLink(token:$t){ caseReference totalDueMinor closed paid paymentReference { ogm } claims { invoiceNumber } }
         payPage(token:$t){ transfer { iban reference } } }`,
      { t: token },
      '',
    )
  ).payLink as Gql;
}

/** An amount as the page writes it in a Belgian locale (`1.234,56 €` in nl-BE, `1 234,56 €` in fr-BE), spaces made plain. */
function moneyIn(locale: string, minor: string): string {
  const n = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(minor) / 100);
  return plain(`${n} €`);
}
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const pageText = async (page: Page) => plain(await page.evaluate(() => document.body.innerText));

/** What went wrong in a page's own script (nothing, on every page). */
const scriptErrors = new WeakMap<Page, string[]>();

async function open(token: string, opts: { navigatorLanguage?: string } = {}): Promise<Page> {
  const page = await browser.page(MOBILE);
  const errors: string[] = [];
  scriptErrors.set(page, errors);
  page.on('pageerror', (e) => errors.push(e instanceof Error ? e.message : String(e)));
  if (opts.navigatorLanguage) {
    const l = opts.navigatorLanguage;
    await page.evaluateOnNewDocument((lang: string) => {
      Object.defineProperty(navigator, 'language', { get: () => lang });
      Object.defineProperty(navigator, 'languages', { get: () => [lang] });
    }, l);
  }
  await page.goto(`${origin}/pay/${token}`, { waitUntil: 'domcontentloaded' });
  return page;
}

const qrSrc = (page: Page) => page.$eval('img[data-amount-minor]', (img) => (img as HTMLImageElement).src);
const qrAmount = (page: Page) => page.$eval('img[data-amount-minor]', (img) => img.getAttribute('data-amount-minor'));

let french: DemoCase;
let dutch: DemoCase;

beforeAll(async () => {
  mollie = await startMollieServer({ port: MOLLIE_PORT });
  await system.resetDatabase();
  await system.startAll();
  await loadDemoData(system.gatewayUrl, () => undefined);
  admin = await login(DEMO_USERS.admin.email, DEMO_USERS.admin.password);
  db = new Client({ connectionString: system.databaseUrl });
  await db.connect();
  // Communications keeps each case's link from CaseOpened: wait until it has all 300 demo cases'.
  await eventually(
    async () => {
      const { rows } = await db.query<{ n: string }>(
        'SELECT count(*) AS n FROM communications.case_contacts WHERE pay_link_token IS NOT NULL',
      );
      expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(300);
    },
    120000,
    1000,
  );
  // A French-speaking Belgian debtor with more than one invoice and a postal address, and a Dutch-speaking one of another brand.
  french = (await casesOf('fr', `jsonb_array_length(claims) > 1 AND jsonb_array_length(addresses) > 0`))[0]!;
  dutch = (await casesOf('nl')).find((c) => c.brandId !== french.brandId)!;
  expect(french).toBeDefined();
  expect(dutch).toBeDefined();
  browser = await launchBrowser();
}, 300000);

afterAll(async () => {
  await browser?.close();
  await db?.end();
  await system.stopAll();
  await mollie?.close();
}, 60000);

describe('the page behind a pay link', () => {
  it('shows the statement in the debtor’s language, in the brand, with the total formatted in that locale', async () => {
    const api = await statementOf(french.token);
    const page = await open(french.token);
    await waitForText(page, 'À payer aujourd’hui');
    const text = await pageText(page);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    for (const words of [
      'Aperçu de votre dossier',
      `Bonjour ${french.debtorName}`,
      'Payer par virement',
      'Votre décompte',
      'Montant de la facture',
    ])
      expect(text).toContain(words);
    for (const claim of api.claims) expect(text).toContain(`Facture ${claim.invoiceNumber}`);
    expect(plain((await page.$eval('[data-testid=total-due]', (e) => e.textContent)) ?? '')).toBe(moneyIn('fr-BE', api.totalDueMinor));
    // The file's number as the letters print it, the transfer's details and the structured reference.
    expect(text).toContain(`AMI-${String(api.caseReference).padStart(6, '0')}`);
    await waitForText(page, 'Communication structurée');
    const withTransfer = await pageText(page);
    expect(withTransfer).toContain(api.paymentReference.ogm);
    expect(withTransfer.replace(/ /g, '')).toContain(
      (await gql('query($t:String!){ payPage(token:$t){ transfer { iban } } }', { t: french.token }, '')).payPage.transfer.iban,
    );
    // The full amount's QR code first.
    await page.waitForSelector('img[data-amount-minor]');
    expect(await qrAmount(page)).toBe(api.totalDueMinor);
    // How a line is worked out, as the engine explains it, naming the invoices by their numbers (not the system's ids).
    await page.locator('details summary').click();
    const how = await page.$eval('details[open]', (d) => d.textContent ?? '');
    expect(how.length).toBeGreaterThan(30);
    expect(how).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, SUITE, 'statement-fr');
    expect(scriptErrors.get(page)).toEqual([]);
    await page.close();
  }, 90000);

  it('switches the language for this visit only: not kept as the staff’s choice, the debtor’s own again on the next visit', async () => {
    const api = await statementOf(french.token);
    const page = await open(french.token);
    await waitForText(page, 'À payer aujourd’hui');
    await page.select('select[aria-label="Langue"]', 'nl');
    await waitForText(page, 'Vandaag te betalen');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');
    const text = await pageText(page);
    for (const words of ['Overzicht van uw dossier', 'Betalen met een overschrijving', 'Uw afrekening', 'Gestructureerde mededeling'])
      expect(text).toContain(words);
    expect(plain((await page.$eval('[data-testid=total-due]', (e) => e.textContent)) ?? '')).toBe(moneyIn('nl-BE', api.totalDueMinor));
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, SUITE, 'statement-switched-to-nl');
    await page.select('select[aria-label="Taal"]', 'de');
    await waitForText(page, 'Heute zu zahlen');
    await page.select('select[aria-label="Sprache"]', 'en');
    await waitForText(page, 'To pay today');
    expect(await page.evaluate(() => localStorage.getItem('amicus.language'))).toBeNull();
    await page.reload({ waitUntil: 'domcontentloaded' });
    await waitForText(page, 'À payer aujourd’hui');
    await page.close();
  }, 90000);

  it('makes the QR code for a part the debtor types, refuses more than is due, and copies the IBAN and the reference', async () => {
    const api = await statementOf(french.token);
    const page = await open(french.token);
    await page.browserContext().overridePermissions(origin, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
    await page.waitForSelector('img[data-amount-minor]');
    const full = await qrSrc(page);
    await page.locator('::-p-aria([name="Une partie"][role="radio"])').click();
    const amount = page.locator('::-p-aria([name="Montant"][role="textbox"])');
    await amount.fill(String(Number(api.totalDueMinor) + 100));
    await waitForText(page, 'C’est plus que le montant dû');
    await amount.fill('12,50');
    await page.waitForFunction(() => document.querySelector('img[data-amount-minor]')?.getAttribute('data-amount-minor') === '1250');
    expect(await qrSrc(page)).not.toBe(full);
    expect(plain(await page.$eval('img[data-amount-minor]', (img) => img.getAttribute('alt') ?? ''))).toContain('12,50 €');
    expect(await pageText(page)).not.toContain('C’est plus que le montant dû');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, SUITE, 'part-amount-fr');
    expect(scriptErrors.get(page)).toEqual([]);

    await page.locator('::-p-aria(Copier la communication)').click();
    await waitForText(page, 'Communication copiée');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(api.paymentReference.ogm);
    await page.locator('::-p-aria(Copier l’IBAN)').click();
    await waitForText(page, 'IBAN copié');
    expect((await page.evaluate(() => navigator.clipboard.readText())).length).toBeGreaterThan(14);
    expect(await page.evaluate(() => navigator.clipboard.readText())).not.toMatch(/\s/);
    await page.close();
  }, 90000);

  it('opens its own case only: a second link shows the second case, never the first one, in its own brand (text on a light colour stays dark)', async () => {
    const first = await statementOf(french.token);
    const second = await statementOf(dutch.token);
    expect(second.caseReference).not.toBe(first.caseReference);
    await gql(
      'mutation($i:UpdateBrandLookInput!){ updateBrandLook(input:$i){ brandId } }',
      { i: { brandId: dutch.brandId, primaryColor: '#ffd43b' } },
      admin,
    );
    const page = await open(dutch.token);
    await waitForText(page, 'Vandaag te betalen');
    await waitForText(page, 'Gestructureerde mededeling');
    const text = await pageText(page);
    expect(text).toContain(`AMI-${String(second.caseReference).padStart(6, '0')}`);
    expect(text).toContain(second.paymentReference.ogm);
    expect(text).toContain(dutch.debtorName);
    expect(text).not.toContain(`AMI-${String(first.caseReference).padStart(6, '0')}`);
    expect(text).not.toContain(first.paymentReference.ogm);
    expect(text).not.toContain(french.debtorName);
    const header = await page.$eval('header', (h) => ({
      bg: getComputedStyle(h).backgroundColor,
      fg: getComputedStyle(h.querySelector('p')!).color,
    }));
    expect(header).toEqual({ bg: 'rgb(255, 212, 59)', fg: 'rgb(0, 0, 0)' });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, SUITE, 'statement-nl-light-brand');
    await page.close();
  }, 90000);

  it('lists the letters the debtor received', async () => {
    const agent = await login(DEMO_USERS.agent.email, DEMO_USERS.agent.password);
    const sent = await gql(
      'mutation($i:SendCommunicationInput!){ sendCommunication(input:$i){ id status } }',
      { i: { caseId: french.caseId, kind: 'formal_notice', channel: 'letter' } },
      agent,
    );
    expect(sent.sendCommunication.id).toBeTruthy();
    await eventually(
      async () => {
        const letters = (await gql('query($t:String!){ payPage(token:$t){ letters { id kind channel } } }', { t: french.token }, ''))
          .payPage.letters;
        expect(letters).toContainEqual({ id: sent.sendCommunication.id, kind: 'formal_notice', channel: 'letter' });
      },
      60000,
      1000,
    );
    const page = await open(french.token);
    await waitForText(page, 'Messages que vous avez reçus');
    await waitForText(page, 'Mise en demeure');
    expect(await pageText(page)).toMatch(/Lettre/);
    // The letter as it was sent, downloaded by the token alone (the page's own request, read back as bytes).
    const answer = page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('payPageLetterPdf'));
    await page.locator('::-p-text(Télécharger (PDF))').click();
    const body = (await (await answer).json()) as { data: { payPageLetterPdf: string } };
    expect(Buffer.from(body.data.payPageLetterPdf, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.close();
  }, 120000);

  it('says thank you once the case is paid in full, and asks for nothing', async () => {
    const paidCase = (await casesOf('nl')).find((c) => c.caseId !== dutch.caseId)!;
    const api = await statementOf(paidCase.token);
    const receivedOn = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(new Date());
    await gql(
      'mutation($i:RecordPaymentInput!){ recordPayment(input:$i){ id } }',
      { i: { caseId: paidCase.caseId, amountMinor: api.totalDueMinor, receivedOn, source: 'bank' } },
      admin,
    );
    await eventually(async () => expect(await statementOf(paidCase.token)).toMatchObject({ closed: true, paid: true }), 30000, 500);
    const page = await open(paidCase.token);
    await waitForText(page, 'Dank u wel!');
    const text = await pageText(page);
    expect(text).toContain('Alles is betaald');
    expect(text).not.toContain('Vandaag te betalen');
    expect(text).not.toContain('Betalen met een overschrijving');
    expect(await page.$('img[data-amount-minor]')).toBeNull();
    expect(text).not.toContain('hoe u dat met een overschrijving betaalt');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, SUITE, 'paid-thank-you');
    await page.close();
  }, 90000);

  it('pays online: the provider’s checkout, back to the page, the payment received and the case paid', async () => {
    const payer = (await casesOf('fr')).filter((c) => c.caseId !== french.caseId).at(-1)!;
    const api = await statementOf(payer.token);
    const page = await open(payer.token);
    await waitForText(page, 'Payer en ligne');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await Promise.all([page.waitForNavigation(), page.locator('button::-p-text(Payer en ligne)').click()]);
    // The provider's own page (the local server's checkout), for the whole total.
    expect(page.url()).toContain(`127.0.0.1:${MOLLIE_PORT}/checkout/`);
    const started = mollie.payments().at(-1)!;
    expect(started.amount).toEqual({ currency: 'EUR', value: (Number(api.totalDueMinor) / 100).toFixed(2) });
    await Promise.all([page.waitForNavigation(), page.locator('button::-p-text(Pay)').click()]);
    expect(new URL(page.url()).pathname).toBe(`/pay/${payer.token}`);
    expect(new URL(page.url()).searchParams.get('onlinePayment')).toBeTruthy();
    await waitForText(page, 'Merci — votre paiement est bien reçu');
    await waitForText(page, 'Merci !');
    expect(await statementOf(payer.token)).toMatchObject({ closed: true, paid: true });
    expect(mollie.payment(started.id)!.status).toBe('paid');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, SUITE, 'paid-online');
    await page.close();
  }, 90000);

  it('says a made-up, or a replaced, link is not valid, in the browser’s language and without any brand', async () => {
    const page = await open('AAAAAAAAAAAAAAAAAAAAAA', { navigatorLanguage: 'de-DE' });
    await waitForText(page, 'Dieser Link ist nicht (mehr) gültig');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    expect(await pageText(page)).toContain('Amicus');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, SUITE, 'not-valid-de');
    await page.close();

    // A link replaced by a new one reads the same, here in the browser's own English.
    const replaced = (await casesOf('fr')).find((c) => c.caseId !== french.caseId)!;
    await gql('mutation($c:ID!){ reissuePayLink(caseId:$c){ revoked } }', { c: replaced.caseId }, admin);
    const old = await open(replaced.token);
    await waitForText(old, 'This link is not valid (anymore)');
    expect(await pageText(old)).not.toContain(replaced.debtorName);
    expect(await seriousA11yViolations(old)).toEqual([]);
    await screenshot(old, SUITE, 'not-valid-replaced-en');
    await old.close();
  }, 90000);

  it('is reached by Tab from top to bottom, and a part is paid by keyboard alone', async () => {
    const page = await open(french.token);
    await page.waitForSelector('img[data-amount-minor]');
    await waitForText(page, 'Des questions\u00a0?');
    // Everything one can act on; of a radio group only its checked radio is a Tab stop.
    const expected = await page.evaluate(() => {
      const all = [
        ...document.querySelectorAll<HTMLElement>(
          'a[href], button:not([disabled]), input:not([disabled]), select, summary, [tabindex]:not([tabindex="-1"])',
        ),
      ].filter((e) => e.getClientRects().length > 0 && !(e instanceof HTMLInputElement && e.type === 'radio' && !e.checked));
      all.forEach((e, i) => e.setAttribute('data-tab-stop', String(i)));
      return all.map((e, i) => `${i}:${e.tagName}:${e.getAttribute('aria-label') ?? e.textContent?.trim().slice(0, 30)}`);
    });
    expect(expected.length).toBeGreaterThan(8);
    const reached = new Set<string>();
    for (let i = 0; i < expected.length * 2 + 5; i++) {
      await page.keyboard.press('Tab');
      const k = await page.evaluate(() => document.activeElement?.getAttribute('data-tab-stop') ?? null);
      if (k !== null) reached.add(k);
    }
    expect(expected.filter((_, i) => !reached.has(String(i)))).toEqual([]);

    // By keyboard: to the amount choice, "a part", the amount, then the reference copied.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type === 'radio')) break;
    }
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('inputmode'))).toBe('decimal');
    await page.keyboard.type('20');
    await page.waitForFunction(() => document.querySelector('img[data-amount-minor]')?.getAttribute('data-amount-minor') === '2000');
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.getAttribute('aria-label') === 'Copier la communication')) break;
    }
    await page.browserContext().overridePermissions(origin, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
    await page.keyboard.press('Enter');
    await waitForText(page, 'Communication copiée');
    await screenshot(page, SUITE, 'keyboard-part-amount');
    await page.close();
  }, 90000);

  it('asks to wait a moment after too many tries, in the browser’s language', async () => {
    // The API's TOO_MANY_REQUESTS given by the test itself: reaching the real limit would shut this
    // address out of every pay link for the rest of the suite.
    const page = await browser.page(MOBILE);
    await page.setRequestInterception(true);
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/graphql' && r.method() === 'POST')
        void r.respond({
          status: 200,
          contentType: 'application/json',
          body: JSON.stringify({
            data: null,
            errors: [{ message: 'too many tries: try again later', extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 290 } }],
          }),
        });
      else void r.continue();
    });
    await page.goto(`${origin}/pay/${french.token}`, { waitUntil: 'domcontentloaded' });
    await waitForText(page, 'Please wait a moment');
    expect(await pageText(page)).toContain('Please try again in 5 minutes.');
    expect(await pageText(page)).not.toContain(french.debtorName);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, SUITE, 'too-many-tries-en');
    await page.close();
  }, 60000);
});
