import type { Page } from 'puppeteer';
import { Client } from 'pg';
import { DEMO_USERS, loadDemoData } from '@amicus/cli';
import { BrowserSession, launchBrowser, originOf, screenshot, seriousA11yViolations, signIn, waitForText } from './support/browser';
import { SystemUnderTest } from './support/system';

/**
 * The legal workspace's proceedings in the browser (#16 §2–§4), on the demo data: a case in
 * legal shows its court route with the source; legal staff download its dossier, open the
 * proceedings, set a hearing (reminded a week before), see a field's problem at its field,
 * record the judgment and see what is owed under it. axe on the page.
 */
const SUITE = 'web-proceedings';
const system = new SystemUnderTest('e2e_dossier_web', 19800, {
  KAFKA_TOPIC_PREFIX: 'e2e_dossier_web.',
  SMTP_PORT: '19898',
  PDF_POOL_SIZE: '1',
});
const origin = originOf(system.gatewayUrl);
let browser: BrowserSession;
let page: Page;
let caseId: string;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Europe/Brussels' });

beforeAll(async () => {
  await system.resetDatabase();
  await system.startAll();
  await loadDemoData(system.gatewayUrl, () => undefined);
  const db = new Client({ connectionString: system.databaseUrl });
  await db.connect();
  try {
    // One of the demo client's Belgian cases, taken into legal (as legal staff's acceptance would).
    const [row] = (
      await db.query(
        `SELECT c.id FROM cases.cases c JOIN cases.debtors d ON d.id = c.debtor_id
          WHERE d.country = 'BE' AND c.phase IN ('placed', 'amicable') AND c.open_minor > 50000 ORDER BY c.id LIMIT 1`,
      )
    ).rows as { id: string }[];
    caseId = row!.id;
    await db.query(`UPDATE cases.cases SET phase = 'legal' WHERE id = $1`, [caseId]);
  } finally {
    await db.end();
  }
  browser = await launchBrowser();
  page = await browser.page();
  await signIn(page, origin, DEMO_USERS.legal.email, DEMO_USERS.legal.password);
}, 240000);

afterAll(async () => {
  await browser?.close();
  await system.stopAll();
});

async function see(text: string): Promise<void> {
  await waitForText(page, text, 15000).catch(async () => {
    throw new Error(`"${text}" not on the page: ${(await page.evaluate(() => document.body.innerText)).slice(-2500)}`);
  });
}

/** The field a label names (its exact text, a required field's asterisk aside): its CSS selector. */
async function field(label: string): Promise<string> {
  const id = await page.evaluate((text) => {
    const l = [...document.querySelectorAll('label')].find((x) => x.textContent?.replace(/\s*\*\s*$/, '').trim() === text);
    return l?.htmlFor ?? null;
  }, label);
  if (!id) throw new Error(`no field labelled ${label}`);
  return `[id="${id}"]`;
}

/** Types into the field a label names; a date input gets its value as React reads it. */
async function fill(label: string, value: string): Promise<void> {
  const sel = await field(label);
  await page.$eval(
    sel,
    (el, v) => {
      const input = el as HTMLInputElement;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, v);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
    value,
  );
}

describe('the proceedings in the legal workspace', () => {
  it('shows the route with its source, gives the dossier, opens the proceedings, a hearing, the judgment and what is owed', async () => {
    await page.goto(`${origin}/legal/cases/${caseId}`, { waitUntil: 'domcontentloaded' });
    await see('Court route and proceedings');
    await see('Judicial Code');
    await page.locator('button ::-p-text(Court dossier (PDF))').click();
    await see('Dossier issued in');
    await fill('Court', 'Vredegerecht Gent');
    await page.locator('button ::-p-text(Open the proceedings)').click();
    await see('Hearings, deadlines, enforcement and costs');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // A judicial cost without an amount: the problem at its field.
    await page.select(await field('Kind'), 'judicial_cost');
    await fill('Date', day(3));
    await fill('Description', 'roll fee');
    await page.locator('button ::-p-text(Add)').click();
    await see('a judicial cost needs an amount above 0');

    await page.select(await field('Kind'), 'hearing');
    await page.locator('button ::-p-text(Add)').click();
    await see('Reminded on');
    await see('roll fee');

    await fill('Judged on', day(-1));
    await fill('Principal awarded (minor units)', '100000');
    await page.locator('button ::-p-text(Record the judgment)').click();
    await see('Owed under the judgment today');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, SUITE, 'proceedings');

    // The hearing is on legal staff's reminders in the queue, linking to its case.
    await page.goto(`${origin}/legal`, { waitUntil: 'domcontentloaded' });
    await see('Reminders due');
    await see('Hearing · roll fee');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, SUITE, 'queue-reminders');
  }, 120000);
});
