import { Clock, addDays, timeZoneOfCountry, type CalendarDate } from '@amicus/calendar';
import { graphql } from '../graphql-client';
import { COHORTS, STORIES, demoCases, type DemoBrand, type DemoCase, type FirstPass } from './demo-cases';
import { DEMO_CLIENTS, DEMO_SCENARIOS, DEMO_SEGMENTS, type DemoClient } from './demo-clients';

/** Demo logins printed by `amicus start`; the admin is the one created on first start. */
export const DEMO_USERS = {
  admin: { email: 'admin@amicus.local', password: 'amicus-admin' },
  agent: { email: 'agent@amicus.local', password: 'demo-agent-pass' },
  legal: { email: 'legal@amicus.local', password: 'demo-legal-pass' },
  client: { email: 'client@brouwerij-demo.be', password: 'demo-client-pass' },
};

type Listed = { clients: { id: string; name: string; brands: { id: string; name: string }[] }[] };
type Ids = { clients: Record<DemoClient, string>; brands: Record<DemoBrand, string> };
type Call = <T>(query: string, variables?: object, token?: string) => Promise<T>;

/** What the demo holds once loaded: its cases by what the scheduler's first pass does with them. */
export interface DemoSummary {
  casesOpened: number;
  cases: number;
  byPass: Record<FirstPass, number>;
  /** A case whose journey picks up after the client's own reminder and its term. */
  featuredCaseId: string | null;
}

/**
 * The demo through the public API: two clients, three brands, one user per role (the agent on
 * every brand, with the brands' cases assigned to it), the scenarios the clients agreed, and
 * 300 cases across BE, NL and two countries without rules, consumers and businesses (see
 * demo-cases.ts). Safe to run again: what exists is kept, what is missing is made; a known
 * invoice is skipped by the placement itself.
 *
 * Every case is placed today (placements carry the service's clock): how far along a case is
 * comes from what the client did before — its own reminder, weeks ago — and the due dates.
 * The journeys move on the cases service's scheduler: its next pass (`amicus start` and `up
 * --demo` run one right after loading, the service's timer every minute) requests the first
 * letters, records the refusals, makes the call tasks.
 */
export async function loadDemoData(url: string, log: (m: string) => void, today: CalendarDate = agencyToday()): Promise<DemoSummary> {
  const call: Call = (query, variables = {}, token) => graphql(url, query, variables, token);
  const admin = await login(call, DEMO_USERS.admin);
  const ids = await ensureClients(call, admin);
  const agent = await ensureUsers(call, admin, ids);
  const clientUser = await login(call, DEMO_USERS.client);
  await ensureScenarios(call, admin, clientUser, ids);

  let casesOpened = 0;
  let featuredCaseId: string | null = null;
  for (const { key: brand } of DEMO_CLIENTS.flatMap((c) => c.brands)) {
    const cases = demoCases(brand, today);
    const opened = await place(call, admin, ids, brand, cases);
    casesOpened += opened;
    const caseIds = await casesByReference(call, admin, ids.brands[brand]);
    // Right after its placement, before a scheduler pass is likely to take the case.
    if (opened > 0) await aftercare(call, { admin, clientUser }, cases, caseIds, today);
    featuredCaseId ??= caseIds.get(featured(cases)?.reference ?? '') ?? null;
    // An agent made by an older demo may speak for fewer brands (users are not changed here).
    if (!agent.brandIds.includes(ids.brands[brand]))
      log(`demo data: ${DEMO_USERS.agent.email} does not speak for ${brand}'s brand; not assigned`);
    else {
      const r = { brandId: ids.brands[brand], agentId: agent.id };
      await call('mutation($r:AssignmentRuleInput!){ assignCasesByRule(rule:$r){ assigned } }', { r }, admin);
    }
  }

  const summary = summarise(casesOpened, featuredCaseId);
  for (const line of summaryLines(summary)) log(line);
  return summary;
}

function agencyToday(): CalendarDate {
  return new Clock(process.env.AMICUS_AGENCY_TIME_ZONE || timeZoneOfCountry('BE')).today();
}

async function login(call: Call, user: { email: string; password: string }): Promise<string> {
  const q = 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }';
  return (await call<{ login: { token: string } }>(q, { e: user.email, p: user.password })).login.token;
}

async function ensureClients(call: Call, admin: string): Promise<Ids> {
  const ids = { clients: {}, brands: {} } as Ids;
  for (const demo of DEMO_CLIENTS) {
    const { clients } = await call<Listed>('{ clients { id name brands { id name } } }', {}, admin);
    const existing = clients.find((c) => c.name === demo.client.name);
    const clientId =
      existing?.id ??
      (
        await call<{ createClient: { id: string } }>(
          'mutation($i:CreateClientInput!){ createClient(input:$i){ id } }',
          { i: demo.client },
          admin,
        )
      ).createClient.id;
    ids.clients[demo.key] = clientId;
    for (const { key, ...brand } of demo.brands) {
      ids.brands[key] =
        existing?.brands.find((b) => b.name === brand.name)?.id ??
        (
          await call<{ createBrand: { id: string } }>(
            'mutation($i:CreateBrandInput!){ createBrand(input:$i){ id } }',
            { i: { clientId, ...brand } },
            admin,
          )
        ).createBrand.id;
    }
  }
  return ids;
}

/** One user per role; answers the agent as it is. */
async function ensureUsers(call: Call, admin: string, ids: Ids): Promise<{ id: string; brandIds: string[] }> {
  const users = [
    { ...DEMO_USERS.agent, role: 'agent', brandIds: Object.values(ids.brands) },
    { ...DEMO_USERS.legal, role: 'legal' },
    { ...DEMO_USERS.client, role: 'client_user', clientId: ids.clients.brouwerij },
  ];
  for (const user of users) {
    await call('mutation($i:CreateUserInput!){ createUser(input:$i){ id } }', { i: user }, admin).catch((e: Error) => {
      if (!/already taken|exists/.test(e.message)) throw e;
    });
  }
  const q = 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ user { id brandIds } } }';
  type Agent = { login: { user: { id: string; brandIds: string[] } } };
  return (await call<Agent>(q, { e: DEMO_USERS.agent.email, p: DEMO_USERS.agent.password })).login.user;
}

/** The clients' own scenarios: written by the admin, approved by the client's user where it has one, then activated. */
async function ensureScenarios(call: Call, admin: string, clientUser: string, ids: Ids): Promise<void> {
  for (const [client, segments] of Object.entries(DEMO_SEGMENTS) as [DemoClient, object[]][]) {
    if (segments.length === 0) continue;
    await call('mutation($i:SetSegmentsInput!){ setSegments(input:$i){ key } }', { i: { clientId: ids.clients[client], segments } }, admin);
  }
  for (const scenario of DEMO_SCENARIOS) {
    const clientId = ids.clients[scenario.client];
    const listed = await call<{ scenarios: { name: string }[] }>('query($c:ID){ scenarios(clientId:$c){ name } }', { c: clientId }, admin);
    if (listed.scenarios.some((s) => s.name === scenario.name)) continue;
    const input = { clientId, segment: scenario.segment, name: scenario.name, steps: scenario.steps };
    const created = await call<{ createScenario: { versions: { id: string }[] } }>(
      'mutation($i:CreateScenarioInput!){ createScenario(input:$i){ versions { id } } }',
      { i: input },
      admin,
    );
    const versionId = created.createScenario.versions[0].id;
    const version = 'mutation($i:ScenarioVersionInput!){ %s(input:$i){ id } }';
    if (scenario.approvedByClient) await call(version.replace('%s', 'approveScenarioVersion'), { i: { versionId } }, clientUser);
    await call(version.replace('%s', 'activateScenarioVersion'), { i: { versionId } }, admin);
  }
}

async function place(call: Call, admin: string, ids: Ids, brand: DemoBrand, cases: DemoCase[]): Promise<number> {
  const clientId = ids.clients[DEMO_CLIENTS.find((c) => c.brands.some((b) => b.key === brand))!.key];
  const input = { clientId, brandId: ids.brands[brand], claims: cases.flatMap((c) => c.claims) };
  const q = 'mutation($i:PlaceClaimsInput!){ placeClaims(input:$i){ casesOpened rejected warnings issues { kind line field reason } } }';
  type Report = {
    casesOpened: number;
    rejected: number;
    warnings: number;
    issues: { kind: string; line: number; field: string; reason: string }[];
  };
  const { placeClaims: report } = await call<{ placeClaims: Report }>(q, { i: input }, admin);
  // The demo's own data is valid: a refused row or a dropped contact detail is a bug of the generator.
  if (report.rejected > 0 || report.warnings > 0) {
    const issues = report.issues.slice(0, 5).map((i) => `line ${i.line} ${i.field}: ${i.reason}`);
    throw new Error(`demo placement for ${brand}: ${report.rejected} rejected, ${report.warnings} warnings (${issues.join('; ')})`);
  }
  return report.casesOpened;
}

/** The brand's cases by the client's debtor reference. */
async function casesByReference(call: Call, admin: string, brandId: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  let after: string | null = null;
  do {
    type Page = {
      cases: { nodes: { id: string; debtor: { clientReference: string | null } }[]; endCursor: string | null; hasNextPage: boolean };
    };
    const page: Page = await call<Page>(
      'query($f:CaseFilterInput,$p:CasePageInput){ cases(filter:$f, page:$p){ nodes { id debtor { clientReference } } endCursor hasNextPage } }',
      { f: { brandId }, p: { first: 500, after } },
      admin,
    );
    for (const n of page.cases.nodes) if (n.debtor.clientReference) found.set(n.debtor.clientReference, n.id);
    after = page.cases.hasNextPage ? page.cases.endCursor : null;
  } while (after);
  return found;
}

/** The debtors who asked for time, the cases the client took back. */
async function aftercare(
  call: Call,
  tokens: { admin: string; clientUser: string },
  cases: DemoCase[],
  caseIds: Map<string, string>,
  today: CalendarDate,
): Promise<void> {
  for (const demo of cases) {
    const caseId = caseIds.get(demo.reference);
    if (!caseId || !demo.aftercare) continue;
    if (demo.aftercare === 'hold') {
      const i = { caseId, until: addDays(today, 14), reason: 'the debtor asked for two weeks: salary on the 25th' };
      await call('mutation($i:HoldCaseInput!){ holdCase(input:$i){ id } }', { i }, tokens.admin);
    } else {
      const i = { caseId, reason: 'the debtor paid the brewery directly' };
      await call('mutation($i:RecallCaseInput!){ recallCase(input:$i){ id } }', { i }, tokens.clientUser);
    }
  }
}

/** The first reminded BE consumer with several invoices: its journey picks up after the client's reminder. */
const featured = (cases: DemoCase[]) => cases.find((c) => c.cohort.key === 'be-reminded' && c.claims.length > 1);

function summarise(casesOpened: number, featuredCaseId: string | null): DemoSummary {
  const byPass = { requested: 0, refused: 0, waiting: 0, call_task: 0, review: 0, paused: 0, stopped: 0 };
  for (const c of COHORTS) byPass[c.firstPass] += c.count;
  return { casesOpened, cases: COHORTS.reduce((n, c) => n + c.count, 0), byPass, featuredCaseId };
}

export function summaryLines(s: DemoSummary): string[] {
  const brands = DEMO_CLIENTS.flatMap((c) => c.brands);
  const lines = [
    `demo data: ${DEMO_CLIENTS.length} clients, ${brands.length} brands, 4 users; ${s.cases} cases (${s.casesOpened} opened now)`,
  ];
  for (const brand of brands) {
    const cohorts = COHORTS.filter((c) => c.brand === brand.key);
    lines.push(`  ${brand.name}: ${cohorts.reduce((n, c) => n + c.count, 0)} cases`);
    for (const c of cohorts) lines.push(`    ${String(c.count).padStart(3)} ${c.country} ${c.kind.padEnd(8)} ${STORIES[c.key]}`);
  }
  const p = s.byPass;
  if (s.casesOpened === 0)
    lines.push("  loaded before: nothing placed now, its journeys are where the scheduler's passes since have taken them");
  else
    lines.push(
      `  the scheduler's first pass: ${p.requested} letters and messages requested, ${p.refused} refusals recorded (not due yet), ${p.waiting} waiting for their pre-due reminder,`,
      `    ${p.call_task} call tasks and ${p.review} reviews on ${DEMO_USERS.agent.email}'s worklist, ${p.paused} on hold, ${p.stopped} recalled`,
    );
  if (s.featuredCaseId) lines.push(`  a journey that picks up halfway (after the brewery's own reminder): case ${s.featuredCaseId}`);
  return lines;
}
