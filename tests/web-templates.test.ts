import type { ElementHandle, Page } from 'puppeteer';
import { DEMO_USERS, loadDemoData } from '@amicus/cli';
import { BrowserSession, launchBrowser, originOf, screenshot, seriousA11yViolations, signIn, waitForText } from './support/browser';
import { SystemUnderTest } from './support/system';

/**
 * The agency admin's template editor with the live preview of the unsaved text, in the browser:
 * a brand with no version of a kind starts from the agency default; what is typed is rendered
 * by the communications service (templateDraftPreview) — the expressions filled in for the
 * sample case — a moment after typing stops; a broken {{#if}} is shown under the body with its
 * line and column; a text without the legal mentions has them listed beside the editor; the
 * unsaved letter prints as a PDF on demand.
 */
const SUITE = 'web-templates';
const system = new SystemUnderTest('e2e_web_templates', 17900, {
  KAFKA_TOPIC_PREFIX: 'e2e_web_templates.',
  SMTP_PORT: '17998',
  PDF_POOL_SIZE: '1',
});
const origin = originOf(system.gatewayUrl);
let browser: BrowserSession;
let page: Page | undefined;
let brand: { id: string; name: string };

type Gql = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers read by shape

/** The input a visible <label> names (Mantine ties them by id), ignoring the required asterisk. */
async function field(p: Page, label: string): Promise<ElementHandle<HTMLTextAreaElement>> {
  const handle = await p.waitForFunction(
    (l: string) =>
      [...document.querySelectorAll('label')].find((x) => x.textContent?.replace(/\s*\*\s*$/, '').trim() === l && x.htmlFor)?.htmlFor ??
      null,
    {},
    label,
  );
  const id = (await handle.jsonValue()) as string;
  return (await p.$(`[id="${id}"]`)) as ElementHandle<HTMLTextAreaElement>;
}

/** Waits until the error Mantine shows with an input (by aria-describedby) contains `text`; returns it. */
async function errorOf(p: Page, input: ElementHandle<Element>, text: string): Promise<string> {
  const handle = await p.waitForFunction(
    (el: Element, t: string) => {
      const shown = (el.getAttribute('aria-describedby') ?? '')
        .split(/\s+/)
        .filter((id) => id.endsWith('-error'))
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ');
      return shown.includes(t) ? shown : null;
    },
    {},
    input,
    text,
  );
  return (await handle.jsonValue()) as string;
}

async function srcdocOf(p: Page, testId: string, includes: string): Promise<void> {
  await p.waitForFunction(
    (id: string, s: string) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('srcdoc')?.includes(s) ?? false,
    {},
    testId,
    includes,
  );
}

async function textOf(p: Page, testId: string, includes: string): Promise<void> {
  await p.waitForFunction(
    (id: string, s: string) => (document.querySelector(`[data-testid="${id}"]`) as HTMLElement | null)?.innerText.includes(s) ?? false,
    {},
    testId,
    includes,
  );
}

/** Replaces the text of a textarea as a person does: select all, type. */
async function retype(p: Page, input: ElementHandle<HTMLTextAreaElement>, text: string): Promise<void> {
  await input.focus();
  await p.keyboard.down('Control');
  await p.keyboard.press('KeyA');
  await p.keyboard.up('Control');
  await p.keyboard.press('Backspace');
  await p.keyboard.type(text);
}

beforeAll(async () => {
  await system.resetDatabase();
  await system.startAll();
  await loadDemoData(system.gatewayUrl, () => undefined);
  const login = await system.graphql<Gql>('mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', {
    e: DEMO_USERS.admin.email,
    p: DEMO_USERS.admin.password,
  });
  const clients = await system.graphql<Gql>('{ clients { brands { id name } } }', {}, login.data!.login.token);
  brand = clients.data!.clients[0].brands[0];
  browser = await launchBrowser();
}, 240000);

afterAll(async () => {
  await page?.close().catch(() => undefined);
  await browser?.close();
  await system.stopAll();
}, 60000);

it('renders the unsaved text as it is typed, shows a syntax error by the body and the missing legal mentions beside it', async () => {
  page = await browser.page();
  await signIn(page, origin, DEMO_USERS.admin.email, DEMO_USERS.admin.password);
  const q = new URLSearchParams({ owner: brand.id, kind: 'first_reminder', language: 'nl', channel: 'letter' });
  await page.goto(`${origin}/admin/templates/edit?${q.toString()}`);

  // No version of the brand's own: it starts from the agency default, rendered by the service for the sample case.
  await page.locator('button ::-p-text(Start from the agency default)').click();
  await waitForText(page, 'Started from the built-in default');
  const body = await field(page, 'Letter body (HTML)');
  expect(await body.evaluate((el) => el.value)).toContain('{{debtor.name}}');
  await srcdocOf(page, 'draft-preview', 'Jan Peeters');
  await textOf(page, 'draft-findings', 'Legal mentions check passed');
  expect(await seriousA11yViolations(page)).toEqual([]);
  await screenshot(page, SUITE, 'admin-template-from-default');

  // Typed at the end: the service fills the expression in.
  await body.focus();
  await page.keyboard.down('Control');
  await page.keyboard.press('End');
  await page.keyboard.up('Control');
  await page.keyboard.type('\n<p>Zeppelin 4711 voor {{debtor.name}}</p>');
  await srcdocOf(page, 'draft-preview', 'Zeppelin 4711 voor Jan Peeters');

  // A broken {{#if}}: the error by the body, with its line and column; the preview keeps the last text that rendered.
  const lines = (await body.evaluate((el) => el.value)).split('\n').length;
  await page.keyboard.type('\n<p>{{#if debtor.name}}Beste klant</p>');
  const error = await errorOf(page, body, 'is never closed');
  expect(error).toBe(`Line ${lines + 1}, column 4: {{#if}} is never closed: the template ends before its {{/if}}`);
  await waitForText(page, 'Showing the last text that rendered');
  await srcdocOf(page, 'draft-preview', 'Zeppelin 4711 voor Jan Peeters');
  expect(await seriousA11yViolations(page)).toEqual([]);
  await screenshot(page, SUITE, 'admin-template-syntax-error');

  // A text without the legal mentions: rendered, and each mention it lacks listed beside the editor.
  await retype(page, body, '<p>Hallo {{debtor.name}}, betaal {{money amounts.total}}.</p>');
  await srcdocOf(page, 'draft-preview', 'Hallo Jan Peeters, betaal');
  await textOf(page, 'draft-findings', 'BE-A-1.registration');
  expect(await body.evaluate((el) => el.getAttribute('aria-invalid'))).not.toBe('true');

  // The unsaved letter printed on demand.
  await page.locator('button ::-p-text(Print this text as a PDF)').click();
  await page.waitForSelector('[data-testid="draft-pdf"]');
  expect(await seriousA11yViolations(page)).toEqual([]);
  await screenshot(page, SUITE, 'admin-template-missing-mentions');
}, 90000);
