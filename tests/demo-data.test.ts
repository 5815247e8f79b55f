import { DEMO_USERS, loadDemoData, type DemoSummary } from '@amicus/cli';
import { session, type Gql } from './support/session';
import { SystemUnderTest, eventually } from './support/system';

/**
 * `npm start`'s demo on a fresh database: loaded through the gateway as `amicus up --demo` loads
 * it, then moved by the cases service's own scheduler timer. The first pass must leave what the
 * demo promises: letters requested, refusals recorded, call tasks and reviews on the demo agent's
 * worklist, and a journey that picks up after the client's own reminder.
 *
 * The demo is loaded with the timer off (the suite's default) and the cases service is then
 * restarted with the timer on, so where a tick falls during loading cannot change the counts.
 * Nothing listens on the SMTP and messaging ports given: the sends fail and retry, which the
 * cases side does not see.
 */
const ENV = {
  KAFKA_TOPIC_PREFIX: 'e2e_demo.',
  SMTP_PORT: '14998',
  MESSAGING_BASE_URL: 'http://127.0.0.1:14997',
  PDF_POOL_SIZE: '1',
};
const system = new SystemUnderTest('e2e_demo', 14900, ENV);
const timed = new SystemUnderTest('e2e_demo', 14900, { ...ENV, AMICUS_SCHEDULER_INTERVAL_MS: '500' });
const { gql, login } = session(system);

let admin = '';
let summary: DemoSummary;
const logged: string[] = [];

beforeAll(async () => {
  await system.resetDatabase();
  await system.startAll();
  summary = await loadDemoData(system.gatewayUrl, (m) => logged.push(m));
  admin = await login(DEMO_USERS.admin.email, DEMO_USERS.admin.password);
}, 180000);

afterAll(async () => {
  await timed.stopAll();
  await system.stopAll();
}, 60000);

interface Seen {
  id: string;
  phase: string;
  brand: { name: string };
  assignedAgentId: string | null;
  debtor: { kind: string; country: string };
  claims: { firstReminderSentOn: string | null }[];
  history: { action: string; reason: string | null; after: string }[];
}

const CASE_FIELDS =
  'id phase assignedAgentId brand { name } debtor { kind country } claims { firstReminderSentOn } history { action reason after }';

/** Every case the admin sees, page by page. */
async function allCases(): Promise<Seen[]> {
  const seen: Seen[] = [];
  let after: string | null = null;
  do {
    const page: Gql = await gql(
      `query($p:CasePageInput){ cases(page:$p){ nodes { ${CASE_FIELDS} } endCursor hasNextPage } }`,
      { p: { first: 100, after } },
      admin,
    );
    seen.push(...(page.cases.nodes as Seen[]));
    after = page.cases.hasNextPage ? page.cases.endCursor : null;
  } while (after);
  return seen;
}

const countBy = <T>(items: T[], key: (t: T) => string) =>
  items.reduce<Record<string, number>>((acc, t) => ({ ...acc, [key(t)]: (acc[key(t)] ?? 0) + 1 }), {});

/** The scheduler's entries on a case's history, with what they keep. */
const journeyEntries = (c: Seen) =>
  c.history.filter((h) => h.action.startsWith('journey_')).map((h): Gql => ({ action: h.action, ...(JSON.parse(h.after) as Gql) }));

/** The Dutch legal contact window for calls (NL-X-2: Monday to Saturday, 08:00–21:00 in the debtor's zone) is open now. */
function dutchCallWindowOpen(at = new Date()): boolean {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Amsterdam',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const minutes = Number(parts.hour) * 60 + Number(parts.minute);
  return parts.weekday !== 'Sun' && minutes >= 8 * 60 && minutes < 21 * 60;
}

describe('the demo data', () => {
  it('holds two clients, three brands and 300 cases across BE, NL, DE and FR, consumers and businesses, all with the demo agent', async () => {
    const { clients } = await gql('{ clients { name brands { name } } }', {}, admin);
    expect(clients).toEqual(
      expect.arrayContaining([
        { name: 'Brouwerij De Demo', brands: expect.arrayContaining([{ name: 'De Demo Bieren' }, { name: 'Brasserie Démo' }]) },
        { name: 'Polder Telecom B.V.', brands: [{ name: 'Polder Mobiel' }] },
      ]),
    );
    expect(clients).toHaveLength(2);

    const cases = await allCases();
    expect(summary).toMatchObject({ casesOpened: 300, cases: 300 });
    expect(cases).toHaveLength(300);
    expect(countBy(cases, (c) => `${c.debtor.country} ${c.debtor.kind}`)).toEqual({
      'BE consumer': 125,
      'BE business': 48,
      'NL consumer': 90,
      'NL business': 27,
      'FR consumer': 3,
      'DE consumer': 7,
    });
    expect(countBy(cases, (c) => c.brand.name)).toEqual({ 'De Demo Bieren': 100, 'Brasserie Démo': 50, 'Polder Mobiel': 150 });
    // Before any pass: two cases recalled by the brewery's user, three on hold, the rest as placed.
    expect(countBy(cases, (c) => c.phase)).toEqual({ placed: 298, closed: 2 });

    // The four logins the README prints; the agent speaks for every brand and holds every open case.
    for (const user of Object.values(DEMO_USERS)) expect(await login(user.email, user.password)).toEqual(expect.any(String));
    const agent = await gql(
      'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ user { id brandIds } } }',
      { e: DEMO_USERS.agent.email, p: DEMO_USERS.agent.password },
      '',
    );
    expect(agent.login.user.brandIds).toHaveLength(3);
    expect(countBy(cases, (c) => (c.assignedAgentId === agent.login.user.id ? 'agent' : c.phase))).toEqual({ agent: 298, closed: 2 });
    expect(logged.join('\n')).toMatch(/300 cases \(300 opened now\)/);

    // Loading again changes nothing.
    expect(await loadDemoData(system.gatewayUrl, () => undefined)).toMatchObject({ casesOpened: 0, cases: 300 });
    expect(await allCases()).toHaveLength(300);
  });

  it('moves on the scheduler’s first pass: letters requested, refusals recorded, call tasks and reviews on the agent’s worklist', async () => {
    await system.stop('cases');
    timed.start('cases');
    await timed.waitUntilReady();
    const windowOpen = dutchCallWindowOpen();

    const expected = { requested: 234, refused: 25 + (windowOpen ? 0 : 12), callTasks: windowOpen ? 12 : 0, reviews: 14 };
    const seen = await eventually(
      async () => {
        const cases = await allCases();
        const entries = cases.flatMap(journeyEntries);
        const got = {
          requested: entries.filter((e) => e.action === 'journey_step' && e.requestId).length,
          refused: entries.filter((e) => e.action === 'journey_refused').length,
          callTasks: entries.filter((e) => e.action === 'journey_step' && e.kind === 'call_task').length,
          reviews: entries.filter((e) => e.action === 'journey_review').length,
        };
        expect(got).toEqual(expected);
        return cases;
      },
      240000,
      3000,
    );

    // Every refusal names its rule and the instant the step may go out; the not-yet-due claims wait for their due date.
    const refusals = seen.flatMap(journeyEntries).filter((e) => e.action === 'journey_refused');
    expect(countBy(refusals, (r) => r.rule)).toEqual({ 'NL-C-1': 25, ...(windowOpen ? {} : { 'NL-X-2': 12 }) });
    for (const r of refusals) expect(Date.parse(r.earliestAt)).toBeGreaterThan(Date.now());
    // The reviews: the brewery's reminder sent before the due date (BE-C-8), France (no rule pack), Germany (no scenario).
    const reviews = seen.filter((c) => journeyEntries(c).some((e) => e.action === 'journey_review'));
    expect(countBy(reviews, (c) => c.debtor.country)).toEqual({ BE: 4, FR: 3, DE: 7 });

    // The agent's worklist holds every open case not on hold; the call tasks and the reviews are due on it now.
    const agent = await login(DEMO_USERS.agent.email, DEMO_USERS.agent.password);
    const worklist = (await gql('{ myWorklist(first: 500){ due case { id } } }', {}, agent)).myWorklist as {
      due: boolean;
      case: { id: string };
    }[];
    expect(worklist).toHaveLength(295);
    const due = new Set(worklist.filter((w) => w.due).map((w) => w.case.id));
    const callTasks = seen.filter((c) => journeyEntries(c).some((e) => e.kind === 'call_task'));
    expect(callTasks).toHaveLength(expected.callTasks);
    for (const c of [...callTasks, ...reviews]) expect(due.has(c.id)).toBe(true);

    // The featured case picks up halfway: the brewery's own reminder weeks ago, the agency's formal notice now, the call next.
    // Read again on its own: a page's fields are read statement by statement, so the page that met the
    // counts above may hold the case's phase from just before the pass's write that moved it.
    const featured = await eventually(
      async () => {
        const c = (await allCases()).find((x) => x.id === summary.featuredCaseId)!;
        expect(c.phase).toBe('amicable');
        return c;
      },
      30000,
      1000,
    );
    expect(featured.claims.every((cl) => cl.firstReminderSentOn !== null)).toBe(true);
    expect(journeyEntries(featured)).toEqual([
      expect.objectContaining({
        action: 'journey_start',
        scenario: 'Brouwerij De Demo — after our own free reminder',
        next: expect.objectContaining({ stepKey: 'formal-notice' }),
      }),
      expect.objectContaining({
        action: 'journey_step',
        step: 'formal-notice',
        kind: 'formal_notice',
        channel: 'letter',
        requestId: expect.any(String),
      }),
    ]);
    // Its journey as the case view shows it: the agreed version, the formal notice done on the engine's yes, the call next, in 10 days.
    const { journey } = (
      await gql(
        'query($id:ID!){ case(id:$id){ journey { status scenarioName scenarioVersion stepsDone { stepKey decision { allowed rule } requestId } next { step { key } dueAt } } } }',
        { id: featured.id },
        admin,
      )
    ).case;
    expect(journey).toMatchObject({
      status: 'active',
      scenarioName: 'Brouwerij De Demo — after our own free reminder',
      scenarioVersion: 1,
      stepsDone: [{ stepKey: 'formal-notice', decision: { allowed: true }, requestId: expect.any(String) }],
      next: { step: { key: 'call' } },
    });
    const daysToCall = (Date.parse(journey.next.dueAt) - Date.now()) / 86_400_000;
    expect(daysToCall).toBeGreaterThan(8);
    expect(daysToCall).toBeLessThanOrEqual(10);
  }, 300000);
});
