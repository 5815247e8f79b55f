import { DEMO_USERS, loadDemoData } from '@amicus/cli';
import { BrowserSession, launchBrowser, originOf, screenshot, seriousA11yViolations, signIn, waitForText } from './support/browser';
import { eventually, SystemUnderTest } from './support/system';

/**
 * The client's dashboard moves with the money: on the demo data, a payment recorded for one of
 * the brewery's cases shows in its collected figures (principal, interest and costs as the
 * engine allocated it), beside the collection curve of its placement cohorts (drawn, and as a
 * table for screen readers) and the ageing of its open cases; another client's figures are not
 * given to it, even when asked by id.
 */
const SUITE = 'web-reporting';
const system = new SystemUnderTest('e2e_web_reporting', 17500, {
  KAFKA_TOPIC_PREFIX: 'e2e_web_reporting.',
  SMTP_PORT: '17598',
  PDF_POOL_SIZE: '1',
});
const origin = originOf(system.gatewayUrl);
let browser: BrowserSession;
let admin: string;
let client: string;

type Gql = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers read by shape

async function gql(query: string, variables: object, token: string): Promise<Gql> {
  const res = await system.graphql<Gql>(query, variables, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}

async function login(user: { email: string; password: string }): Promise<string> {
  const q = 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }';
  return (await gql(q, { e: user.email, p: user.password }, '')).login.token;
}

/** Every case the caller may see, as the cases service walls them. */
async function allCases(token: string): Promise<Gql[]> {
  const cases: Gql[] = [];
  let after: string | null = null;
  do {
    const page: Gql = (
      await gql(
        'query($p:CasePageInput){ cases(page:$p){ nodes { id phase clientId claims { principalMinor } } endCursor hasNextPage } }',
        { p: { first: 500, after } },
        token,
      )
    ).cases;
    cases.push(...page.nodes);
    after = page.hasNextPage ? page.endCursor : null;
  } while (after);
  return cases;
}

const SUMMARY = `{ portfolioSummary { clientId amounts { currency placedMinor collectedMinor collectedPrincipalMinor collectedInterestMinor collectedCostsMinor } } }`;
const money = (minor: bigint) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(Number(minor) / 100);

beforeAll(async () => {
  await system.resetDatabase();
  await system.startAll();
  await loadDemoData(system.gatewayUrl, () => undefined);
  admin = await login(DEMO_USERS.admin);
  client = await login(DEMO_USERS.client);
  browser = await launchBrowser();
}, 240000);

afterAll(async () => {
  await browser?.close();
  await system.stopAll();
}, 60000);

describe("the client's dashboard", () => {
  it('shows a payment in collected, split as it was allocated, with the curve and the ageing; axe finds nothing serious', async () => {
    // The read model is fed by the case events: wait until it holds every claim the client placed.
    const cases = await allCases(client);
    const placed = cases.flatMap((c) => c.claims).reduce((s: bigint, c: Gql) => s + BigInt(c.principalMinor), 0n);
    const eur = async () => (await gql(SUMMARY, {}, client)).portfolioSummary[0].amounts.find((a: Gql) => a.currency === 'EUR');
    const before = await eventually(
      async () => {
        const a = await eur();
        expect(a.placedMinor).toBe(String(placed));
        return a;
      },
      60000,
      500,
    );

    // A bank transfer for one of its open cases, recorded by the agency.
    const kase = cases.find((c) => c.phase !== 'closed')!;
    const receivedOn = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(new Date());
    const paid = (
      await gql(
        'mutation($i:RecordPaymentInput!){ recordPayment(input:$i){ id allocation { costsMinor interestMinor principal { amountMinor } } } }',
        { i: { caseId: kase.id, amountMinor: '7500', receivedOn, source: 'bank' } },
        admin,
      )
    ).recordPayment;
    const principal = paid.allocation.principal.reduce((s: bigint, p: Gql) => s + BigInt(p.amountMinor), 0n);
    const want = {
      collected: BigInt(before.collectedMinor) + principal + BigInt(paid.allocation.interestMinor) + BigInt(paid.allocation.costsMinor),
      collectedPrincipal: BigInt(before.collectedPrincipalMinor) + principal,
      collectedInterest: BigInt(before.collectedInterestMinor) + BigInt(paid.allocation.interestMinor),
      collectedCosts: BigInt(before.collectedCostsMinor) + BigInt(paid.allocation.costsMinor),
    };
    expect(want.collected - BigInt(before.collectedMinor)).toBe(7500n);

    const page = await browser.page();
    await signIn(page, origin, DEMO_USERS.client.email, DEMO_USERS.client.password);
    const figure = (key: string) => page.$eval(`[data-figure="${key}"]`, (e) => e.textContent);
    // The dashboard asks when it opens: open it again until the payment's event has reached the read model.
    await eventually(
      async () => {
        await page.goto(`${origin}/client`);
        await page.waitForSelector('[data-figure="collectedPrincipal"]');
        expect(await figure('collected')).toBe(money(want.collected));
      },
      30000,
      1000,
    );
    for (const key of ['collectedPrincipal', 'collectedInterest', 'collectedCosts'] as const)
      expect([key, await figure(key)]).toEqual([key, money(want[key])]);

    // The curve: drawn, and its figures as a table; this month's cohort has collected something or the demo's older ones have.
    await waitForText(page, 'Collection curve in EUR');
    await page.waitForSelector('section[aria-labelledby="curve-EUR"] svg');
    const curveRows = await page.$$eval('[data-testid="curve-table-EUR"] tbody tr', (rows) => rows.map((r) => r.textContent ?? ''));
    expect(curveRows.length).toBeGreaterThan(0);
    expect(curveRows.join(' ')).toMatch(/%/);
    // The ageing: the five buckets, together the client's open cases.
    const buckets = await page.$$eval('[data-testid="ageing-EUR"] tbody tr', (rows) =>
      rows.map((r) => [r.getAttribute('data-bucket'), Number(r.querySelectorAll('td')[0]?.textContent?.replace(/\D/g, ''))] as const),
    );
    expect(buckets.map(([b]) => b)).toEqual(['DAYS_0_30', 'DAYS_31_60', 'DAYS_61_90', 'DAYS_91_180', 'OVER_180']);
    const aged = (await gql('{ ageing { buckets { openCases } } }', {}, client)).ageing;
    expect(buckets.reduce((n, [, c]) => n + c, 0)).toBe(aged[0].buckets.reduce((n: number, b: Gql) => n + b.openCases, 0));

    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, SUITE, 'dashboard');
    await page.close();
  }, 90000);

  it("gives the client nothing of another client's curve or ageing, and names a bad filter", async () => {
    const all = (await gql('{ portfolioSummary { clientId } }', {}, admin)).portfolioSummary.map((p: Gql) => p.clientId);
    const mine = (await gql('{ portfolioSummary { clientId } }', {}, client)).portfolioSummary.map((p: Gql) => p.clientId);
    const other = all.find((id: string) => !mine.includes(id));
    expect(other).toBeDefined();
    expect((await gql('query($c:ID){ ageing(clientId:$c){ clientId } }', { c: other }, admin)).ageing).not.toEqual([]);
    expect(
      await gql('query($c:ID){ collectionCurve(clientId:$c){ clientId } ageing(clientId:$c){ clientId } }', { c: other }, client),
    ).toEqual({
      collectionCurve: [],
      ageing: [],
    });
    const bad = await system.graphql('{ collectionCurve(clientId: "nope", currency: "eur") { clientId } }', {}, client);
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'clientId' }, { field: 'currency' }],
    });
  }, 30000);

  it('gives legal staff and an agent the figures of the cases the cases service shows them, nothing more', async () => {
    // One case into legal review, as legal staff's queue gets one.
    const open = (await gql('{ cases(filter: { phases: ["placed", "amicable"] }, page: { first: 1 }) { nodes { id phase } } }', {}, admin))
      .cases.nodes[0];
    const phase = (to: string) =>
      gql(
        'mutation($i:ChangeCasePhaseInput!){ changeCasePhase(input:$i){ id } }',
        { i: { caseId: open.id, to, reason: 'e2e: walls' } },
        admin,
      );
    if (open.phase === 'placed') await phase('amicable');
    await phase('legal_review');
    for (const user of [DEMO_USERS.legal, DEMO_USERS.agent]) {
      const token = await login(user);
      const byClient = new Map<string, { openCases: number; placedMinor: bigint }>();
      for (const c of await allCases(token)) {
        const t = byClient.get(c.clientId) ?? { openCases: 0, placedMinor: 0n };
        t.openCases += c.phase === 'closed' ? 0 : 1;
        t.placedMinor += c.claims.reduce((s: bigint, k: Gql) => s + BigInt(k.principalMinor), 0n);
        byClient.set(c.clientId, t);
      }
      if (user === DEMO_USERS.legal) expect([...byClient.values()].reduce((n, t) => n + t.openCases, 0)).toBeGreaterThanOrEqual(1);
      await eventually(
        async () => {
          const seen = (await gql('{ portfolioSummary { clientId amounts { currency openCases placedMinor } } }', {}, token))
            .portfolioSummary;
          const figures = new Map(
            seen
              .filter((p: Gql) => p.amounts.length > 0)
              .map((p: Gql) => [p.clientId, { openCases: p.amounts[0].openCases, placedMinor: BigInt(p.amounts[0].placedMinor) }]),
          );
          expect([user.email, figures]).toEqual([user.email, byClient]);
        },
        20000,
        500,
      );
    }
  }, 60000);
});
