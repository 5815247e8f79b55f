import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer';
import { openCasesDataSource, readCasesConfig, schedulerPass, standaloneContext } from '@amicus/cases';
import { DEMO_USERS, loadDemoData, ROOT } from '@amicus/cli';
import { BrowserSession, launchBrowser, originOf, screenshot, seriousA11yViolations, signIn, waitForText } from './support/browser';
import { eventually, SystemUnderTest } from './support/system';

/**
 * The agent's screens in Chromium, against the whole system with the demo data: the worklist
 * (most urgent first, by keyboard), the case view (claims, balance, journey, calls, notes), the
 * call screen (the brand, its script, the legal call window, a promise logged with the keys), a
 * note, a hold and its release, and a case that is not there.
 */
const SUITE = 'web-agent';
const env: NodeJS.ProcessEnv = { KAFKA_TOPIC_PREFIX: 'e2e_web_agent.', SMTP_PORT: '16198', PDF_POOL_SIZE: '1' };
const system = new SystemUnderTest('e2e_web_agent', 16100, env);
const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amicus-web-agent-'));

/**
 * The gateway serves a copy of the built app of its own: a build elsewhere on the machine empties
 * dist/web while it rebuilds, which would leave the pages of a running test blank.
 */
async function copyWebApp(): Promise<void> {
  const built = path.join(ROOT, 'dist', 'web');
  await eventually(
    async () => {
      if (!fs.existsSync(path.join(built, 'index.html'))) throw new Error(`${built} is not built (npm run build)`);
      fs.cpSync(built, webDir, { recursive: true });
    },
    120000,
    1000,
  );
  env.WEB_DIR = webDir;
}
const origin = originOf(system.gatewayUrl);
let browser: BrowserSession;
let token: string;

interface WorklistCase {
  case: { id: string; holdUntil: string | null; phase: string; brand: { name: string }; debtor: { name: string; language: string } };
}

async function gql<T>(query: string, variables: object = {}): Promise<T> {
  const res = await system.graphql<T>(query, variables, token);
  if (res.errors) throw new Error(res.errors.map((e) => e.message).join('; '));
  return res.data!;
}

async function worklist(first = 50): Promise<WorklistCase[]> {
  const q = `query($n:Int){ myWorklist(first:$n){ case { id holdUntil phase brand { name } debtor { name language } } } }`;
  return (await gql<{ myWorklist: WorklistCase[] }>(q, { n: first })).myWorklist;
}

async function agentPage(): Promise<Page> {
  const page = watch(await browser.page());
  await signIn(page, origin, DEMO_USERS.agent.email, DEMO_USERS.agent.password);
  return page;
}

/** A day from today as YYYY-MM-DD in the agency's zone (Brussels). */
const calendarDate = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + days * 86_400_000),
  );

/** A wait that, when it times out, says what the page showed instead. */
async function onPage<T>(page: Page, wait: Promise<T>): Promise<T> {
  try {
    return await wait;
  } catch (e) {
    const shown = await page.evaluate(() => document.body.innerText).catch(() => '(no page)');
    const seen = [...(troubles.get(page) ?? []), ...(pendingOf.get(page)?.() ?? [])].join('\n');
    throw new Error(`${(e as Error).message} on ${page.url()}; the page shows:\n${shown.slice(0, 3000)}\n${seen}`);
  }
}

/** What went wrong in a page (console errors, failed and slow requests), printed when a wait times out. */
const troubles = new WeakMap<Page, string[]>();
const pendingOf = new WeakMap<Page, () => string[]>();
function watch(page: Page): Page {
  const seen: string[] = [];
  troubles.set(page, seen);
  const started = new Map<unknown, number>();
  page.on('console', (m) => m.type() === 'error' && seen.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => seen.push(`page error: ${(e as Error).message}`));
  page.on('request', (r) => started.set(r, Date.now()));
  page.on('requestfailed', (r) => {
    started.delete(r);
    seen.push(`failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('requestfinished', (r) => {
    const ms = Date.now() - (started.get(r) ?? Date.now());
    started.delete(r);
    if (ms > 2000) seen.push(`slow: ${r.url()} ${(r.postData() ?? '').slice(0, 80)} ${ms} ms`);
  });
  pendingOf.set(page, () =>
    [...started.entries()].map(([r, at]) => {
      const req = r as { url(): string; postData(): string | undefined };
      return `pending: ${req.url()} ${(req.postData() ?? '').slice(0, 80)} for ${Date.now() - at} ms`;
    }),
  );
  return page;
}

/** Waits for text the page shows. */
const waitText = (page: Page, text: string) => onPage(page, waitForText(page, text));

/** Waits for words in the page's text as written (badges show theirs in capitals). */
const waitForWords = (page: Page, words: string) =>
  onPage(
    page,
    page.waitForFunction((w: string) => document.body.textContent?.includes(w), {}, words),
  );

/** The text of the element that has the focus. */
const focusedText = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText ?? '');

beforeAll(async () => {
  await system.resetDatabase();
  await copyWebApp();
  await system.startAll();
  await loadDemoData(system.gatewayUrl, () => undefined);
  // One pass of the scheduler, as `amicus start` runs after loading: the journeys start, the first letters are asked for.
  const config = readCasesConfig();
  const ds = await openCasesDataSource(system.databaseUrl, 2);
  try {
    const registration = config.AMICUS_AGENCY_REGISTRATION || null;
    await schedulerPass(
      ds,
      standaloneContext({ timeZone: 'Europe/Brussels', agencyRegistration: registration, topicPrefix: system.topic('') }),
    );
  } finally {
    await ds.destroy();
  }
  browser = await launchBrowser();
  const login = await system.graphql<{ login: { token: string } }>(
    'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }',
    { e: DEMO_USERS.agent.email, p: DEMO_USERS.agent.password },
  );
  token = login.data!.login.token;
}, 240000);

afterAll(async () => {
  await browser?.close();
  await system.stopAll();
  fs.rmSync(webDir, { recursive: true, force: true });
}, 60000);

describe("the agent's screens", () => {
  let urgent: WorklistCase['case'];

  it('the worklist shows the most urgent case first, and the keyboard opens it (time to the first row printed)', async () => {
    [{ case: urgent }] = await worklist(1);
    const page = await agentPage();
    // A cold open of the worklist, signed in: from navigation to the first row on screen.
    const cold = watch(await browser.page());
    await cold.browserContext().setCookie(...(await page.browserContext().cookies()));
    await page.close();
    const t0 = Date.now();
    await cold.goto(`${origin}/agent`);
    await onPage(cold, cold.waitForSelector('table[aria-label="Worklist"] tbody tr'));
    const firstRowMs = Date.now() - t0;
    // Where the time went, from the page's own clock: the last script, the session, the worklist.
    const parts = await cold.evaluate(() => {
      const ends = (test: (name: string) => boolean) =>
        Math.round(
          Math.max(
            0,
            ...performance
              .getEntriesByType('resource')
              .filter((e) => test(e.name))
              .map((e) => (e as PerformanceResourceTiming).responseEnd),
          ),
        );
      return {
        scripts: ends((n) => n.endsWith('.js')),
        session: ends((n) => n.endsWith('/session')),
        now: Math.round(performance.now()),
        api: performance
          .getEntriesByType('resource')
          .filter((e) => e.name.endsWith('/graphql'))
          .map((e) => `${Math.round(e.startTime)}–${Math.round((e as PerformanceResourceTiming).responseEnd)}`)
          .join(', '),
      };
    });
    console.log(
      `web-agent: /agent to the first worklist row in ${firstRowMs} ms (page clock: scripts in by ${parts.scripts} ms, session ${parts.session} ms, API calls ${parts.api} ms, rows on screen ${parts.now} ms)`,
    );

    const firstRow = await cold.$eval('table[aria-label="Worklist"] tbody tr a', (a) => ({
      text: a.textContent,
      href: a.getAttribute('href'),
    }));
    expect(firstRow).toEqual({ text: urgent.debtor.name, href: `/agent/cases/${urgent.id}` });
    expect(await seriousA11yViolations(cold)).toEqual([]);
    await screenshot(cold, SUITE, 'worklist');

    // j moves down, k back up, Enter opens the selected case.
    await cold.keyboard.press('j');
    await cold.keyboard.press('j');
    await cold.keyboard.press('k');
    await cold.keyboard.press('k');
    expect(await focusedText(cold)).toBe(urgent.debtor.name);
    await cold.keyboard.press('Enter');
    await cold.waitForFunction((id: string) => location.pathname === `/agent/cases/${id}`, {}, urgent.id);
    await cold.close();
  }, 90000);

  it('the case view shows the debtor, claims and balance, the journey; the call screen shows the brand, its script and the legal call window', async () => {
    const { case: c } = await gql<{
      case: {
        balance: { openMinor: string; currency: string };
        claims: { invoiceNumber: string }[];
        journey: { scenarioName: string | null; stepsDone: { kind: string }[]; next: { step: { kind: string } | null } | null } | null;
        brand: { id: string; name: string };
        debtor: { language: string };
      };
    }>(
      'query($id:ID!){ case(id:$id){ balance { openMinor currency } claims { invoiceNumber } journey { scenarioName stepsDone { kind } next { step { kind } } } brand { id name } debtor { language } } }',
      {
        id: urgent.id,
      },
    );
    const page = await agentPage();
    await page.goto(`${origin}/agent/cases/${urgent.id}`);
    await waitText(page, urgent.debtor.name);
    for (const claim of c.claims) await waitText(page, claim.invoiceNumber);
    const open = await page.$eval('[data-testid="balance-open"]', (e) => e.textContent);
    const euros = new Intl.NumberFormat('en-GB', { style: 'currency', currency: c.balance.currency }).format(
      Number(c.balance.openMinor) / 100,
    );
    expect(open).toBe(euros);
    await page.waitForSelector('section[aria-labelledby="journey-title"]');
    // The journey after the scheduler's pass: its scenario, the steps done, the next one.
    expect(c.journey?.scenarioName).toBeTruthy();
    expect(c.journey!.stepsDone.length).toBeGreaterThan(0);
    await waitText(page, c.journey!.scenarioName!);
    const journeyText = await page.$eval('section[aria-labelledby="journey-title"]', (e) => (e as HTMLElement).innerText);
    expect(journeyText).toContain('Next step');
    expect(journeyText).not.toContain('No step done yet.');
    const timelineItems = await page.$$eval('section[aria-labelledby="journey-title"] .mantine-Timeline-item', (items) => items.length);
    expect(timelineItems).toBe(c.journey!.stepsDone.length);
    // The letters the steps asked for, with their delivery status.
    const { communications } = await gql<{ communications: { id: string }[] }>('query($c:ID!){ communications(caseId:$c){ id } }', {
      c: urgent.id,
    });
    expect(communications.length).toBeGreaterThan(0);
    await page.waitForSelector('table[aria-label="Communications"] tbody tr');
    await waitText(page, 'No calls yet.');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, SUITE, 'case-view');

    // c opens the call screen.
    await page.keyboard.press('c');
    await page.waitForFunction((id: string) => location.pathname === `/agent/cases/${id}/call`, {}, urgent.id);
    await onPage(page, page.waitForSelector('[data-testid="call-brand"]'));
    expect(await page.$eval('[data-testid="call-brand"]', (e) => e.textContent)).toBe(c.brand.name);
    const { callScript } = await gql<{ callScript: { greeting: string; language: string } }>(
      'query($b:ID!,$l:String!,$c:ID){ callScript(brandId:$b, language:$l, caseId:$c){ greeting language } }',
      { b: c.brand.id, l: c.debtor.language, c: urgent.id },
    );
    await waitText(page, callScript.greeting.slice(0, 40));
    expect(callScript.language).toBe(c.debtor.language);
    // The legal window as the engine answers it for a phone call now.
    const { assessCase } = await gql<{ assessCase: { decisions: { allowed: boolean; rule: string }[] } }>(
      'query($c:ID!){ assessCase(caseId:$c, step:"phone_call"){ decisions { allowed rule } } }',
      { c: urgent.id },
    );
    const badge = await (await page.waitForSelector('[data-testid="call-window"]'))!.evaluate((e) => e.textContent);
    expect(badge).toBe(assessCase.decisions[0]!.allowed ? 'Calling is allowed now' : 'Do not call now');
    await waitText(page, assessCase.decisions[0]!.rule);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, SUITE, 'call-screen');
    await page.close();
  }, 90000);

  it('a call with a promise is logged with the keys (p, the amount, the date, Enter) and shows on the case', async () => {
    const page = await agentPage();
    await page.goto(`${origin}/agent/cases/${urgent.id}/call`);
    await page.waitForSelector('[data-testid="call-window"]');
    await page.keyboard.press('p');
    // The amount field takes the focus with the open balance selected: typing replaces it.
    await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.inputMode === 'decimal');
    await page.keyboard.type('12,34');
    await page.keyboard.press('Tab');
    const due = calendarDate(10);
    // The date field's parts come in the browser's own order (day first in en-GB, month first in en-US).
    const order = await page.evaluate(() =>
      new Intl.DateTimeFormat(navigator.language)
        .formatToParts(new Date())
        .filter((p) => ['day', 'month', 'year'].includes(p.type))
        .map((p) => p.type),
    );
    const [year, month, day] = due.split('-');
    const parts: Record<string, string> = { year: year!, month: month!, day: day! };
    await page.keyboard.type(order.map((p) => parts[p]).join(''));
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe(due);
    await page.keyboard.press('Escape'); // leave the field: the page's keys work again
    await page.keyboard.press('Enter'); // logs the call
    await page.waitForFunction((id: string) => location.pathname === `/agent/cases/${id}`, {}, urgent.id);
    await waitForWords(page, 'Promise to pay');
    const shown = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/Brussels' }).format(
      new Date(`${due}T12:00:00Z`),
    );
    await waitText(page, `€12.34 by ${shown}`);
    await screenshot(page, SUITE, 'case-after-call');

    const { calls } = await gql<{ calls: { outcome: string; promiseAmountMinor: string; promiseDueDate: string; direction: string }[] }>(
      'query($c:ID!){ calls(caseId:$c){ outcome promiseAmountMinor promiseDueDate direction } }',
      { c: urgent.id },
    );
    expect(calls).toEqual([{ outcome: 'promise_to_pay', promiseAmountMinor: '1234', promiseDueDate: due, direction: 'outbound' }]);
    await page.close();
  }, 90000);

  it('a note is added by keyboard (n, text, Ctrl+Enter) and shows on the case', async () => {
    const page = await agentPage();
    await page.goto(`${origin}/agent/cases/${urgent.id}`);
    await waitText(page, urgent.debtor.name);
    await page.keyboard.press('n');
    await page.waitForSelector('[role="dialog"] textarea');
    await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
    const note = `Debtor confirmed the address, ${Date.now()}`;
    await page.keyboard.type(note);
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await page.waitForFunction(() => !document.querySelector('[role="dialog"]'));
    await waitText(page, note);
    const { case: c } = await gql<{ case: { notes: { body: string }[] } }>('query($id:ID!){ case(id:$id){ notes { body } } }', {
      id: urgent.id,
    });
    expect(c.notes.map((n) => n.body)).toContain(note);
    await page.close();
  }, 60000);

  it('putting a case on hold shows the hold, and releasing it ends it; a reason left out is named at its field', async () => {
    const target = (await worklist(50)).find((w) => !w.case.holdUntil && w.case.phase !== 'closed' && w.case.id !== urgent.id)!.case;
    const page = await agentPage();
    await page.goto(`${origin}/agent/cases/${target.id}`);
    await waitText(page, target.debtor.name);
    await page.keyboard.press('h');
    await page.waitForSelector('[role="dialog"] textarea');
    const until = await page.$eval('[role="dialog"] input[type="date"]', (e) => (e as HTMLInputElement).value);
    expect(until).toBe(calendarDate(14));
    await page.keyboard.type('The debtor is in hospital until the end of the month');
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await page.waitForSelector('[data-testid="hold-badge"]');
    const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/Brussels' }).format(
      new Date(`${until}T12:00:00Z`),
    );
    expect(await page.$eval('[data-testid="hold-badge"]', (e) => e.textContent)).toBe(`On hold until ${day}`);
    await waitText(page, 'The debtor is in hospital until the end of the month');
    const held = await gql<{ case: { holdUntil: string; holdReason: string } }>('query($id:ID!){ case(id:$id){ holdUntil holdReason } }', {
      id: target.id,
    });
    expect(held.case).toEqual({ holdUntil: until, holdReason: 'The debtor is in hospital until the end of the month' });
    await screenshot(page, SUITE, 'case-on-hold');

    // h again releases it; an empty reason is refused at its field first.
    await page.waitForFunction(() => !document.querySelector('[role="dialog"]'));
    await page.keyboard.press('h');
    await page.waitForSelector('[role="dialog"] textarea');
    await waitText(page, 'Why the hold ends');
    await page.keyboard.type('   ');
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await page.waitForFunction(() => document.querySelector('[role="dialog"]')?.textContent?.includes('is required'));
    await page.keyboard.type('The debtor is home again');
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await page.waitForFunction(() => !document.querySelector('[data-testid="hold-badge"]'));
    await eventually(async () => {
      const released = await gql<{ case: { holdUntil: string | null } }>('query($id:ID!){ case(id:$id){ holdUntil } }', { id: target.id });
      expect(released.case.holdUntil).toBeNull();
    });
    await page.close();
  }, 60000);

  it('a dispute is recorded by keyboard (d, the words, Ctrl+Enter) on the open claims, then resolved; both show on the case', async () => {
    const list = await worklist(50);
    const target = list.find((w) => !w.case.holdUntil && w.case.phase !== 'closed' && w.case.id !== urgent.id)!.case;
    const page = await agentPage();
    await page.goto(`${origin}/agent/cases/${target.id}`);
    await waitText(page, target.debtor.name);
    await page.keyboard.press('d');
    await page.waitForSelector('[role="dialog"] input[type="checkbox"]');
    // Every open claim is ticked; the reason is "Not received"; Tab on to the debtor's words.
    await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.type === 'checkbox');
    const ticked = await page.$$eval(
      '[role="dialog"] input[type="checkbox"]',
      (cs) => cs.filter((c) => (c as HTMLInputElement).checked).length,
    );
    await page.locator('[role="dialog"] textarea').click();
    await page.keyboard.type('The crates were never delivered');
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await page.waitForFunction(() => !document.querySelector('[role="dialog"]'));
    await page.waitForSelector('table[aria-label="Disputes"]');
    await waitText(page, 'The crates were never delivered');
    await waitForWords(page, 'Awaiting the client');
    const { case: c } = await gql<{
      case: { disputes: { id: string; claimIds: string[]; reason: string; status: string; raisedBy: string; channel: string }[] };
    }>('query($id:ID!){ case(id:$id){ disputes { id claimIds reason status raisedBy channel } } }', { id: target.id });
    expect(c.disputes).toHaveLength(1);
    expect(c.disputes[0]).toMatchObject({ reason: 'not_received', status: 'awaiting_client', raisedBy: 'debtor', channel: 'phone' });
    expect(c.disputes[0]!.claimIds).toHaveLength(ticked);
    await screenshot(page, SUITE, 'case-disputed');

    // The agency resolves it: rejected, collection goes on.
    await page.locator('table[aria-label="Disputes"] button::-p-text(Resolve the dispute)').click();
    await page.waitForSelector('[role="dialog"] select');
    await page.locator('[role="dialog"] textarea').click();
    await page.keyboard.type('The delivery note is signed by the debtor');
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await page.waitForFunction(() => !document.querySelector('[role="dialog"]'));
    await waitText(page, 'The delivery note is signed by the debtor');
    await waitForWords(page, 'Rejected');
    const resolved = await gql<{ case: { disputes: { status: string; resolution: { outcome: string } | null }[] } }>(
      'query($id:ID!){ case(id:$id){ disputes { status resolution { outcome } } } }',
      { id: target.id },
    );
    expect(resolved.case.disputes).toEqual([{ status: 'resolved', resolution: { outcome: 'rejected' } }]);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.close();
  }, 60000);

  it('a case that is not there, or not the agent’s, is "Not found"', async () => {
    const page = await agentPage();
    for (const path of ['/agent/cases/00000000-0000-4000-8000-000000000000', '/agent/cases/not-a-case', '/agent/cases/not-a-case/call']) {
      await page.goto(`${origin}${path}`);
      await waitText(page, 'Not found');
    }
    await screenshot(page, SUITE, 'case-not-found');
    await page.close();
  }, 60000);

  it('the worklist filters by brand and due, sorts by a column, and keeps a saved filter on this device', async () => {
    const page = await agentPage();
    await page.waitForSelector('table[aria-label="Worklist"] tbody tr');
    const rows = () => page.$$eval('table[aria-label="Worklist"] tbody tr', (trs) => trs.length);
    const all = await rows();
    // Brand filter: the first brand offered.
    const selectId = await page.$$eval('label', (ls) => (ls.find((l) => l.textContent === 'Brand') as HTMLLabelElement).htmlFor);
    const [brandValue, brandName] = await page.$eval(`[id="${selectId}"]`, (s) => {
      const o = (s as HTMLSelectElement).options[1]!;
      return [o.value, o.text];
    });
    await page.select(`[id="${selectId}"]`, brandValue!);
    const brands = await page.$$eval('table[aria-label="Worklist"] tbody tr td:nth-child(3)', (tds) => [
      ...new Set(tds.map((t) => t.textContent)),
    ]);
    expect(brands).toEqual([brandName]);
    expect(await rows()).toBeLessThan(all);
    // Save it under a name; a fresh page offers it again.
    await page.locator('button::-p-text(Save filter…)').click();
    await page.locator('input[data-autofocus]').fill('Mine');
    await page.keyboard.press('Enter');
    await page.goto(`${origin}/agent`);
    await page.waitForSelector('table[aria-label="Worklist"] tbody tr');
    await page.locator('button::-p-text(Clear filters)').click();
    expect(await rows()).toBe(all);
    await page.locator('button::-p-text(Mine)').click();
    expect(
      await page.$$eval('table[aria-label="Worklist"] tbody tr td:nth-child(3)', (tds) => [...new Set(tds.map((t) => t.textContent))]),
    ).toEqual([brandName]);
    // Sort by the open amount, largest first.
    await page.locator('th button::-p-text(Open)').click();
    await page.waitForSelector('th[aria-sort="descending"]');
    const amounts = await page.$$eval('table[aria-label="Worklist"] tbody tr td:nth-child(5)', (tds) =>
      tds.map((t) => Number((t.textContent ?? '').replace(/[^\d.]/g, ''))),
    );
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    await screenshot(page, SUITE, 'worklist-filtered');
    await page.close();
  }, 60000);
});
