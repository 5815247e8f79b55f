import { simpleParser } from 'mailparser';
import type { DataSource } from 'typeorm';
import { openCasesDataSource, schedulerPass, standaloneContext } from '@amicus/cases';
import { startSmtpServer } from '@amicus/test-smtp';
import { session, type Gql } from './support/session';
import { agencySetup, zoneWhereItIs } from './support/fixtures';
import { SystemUnderTest, eventually } from './support/system';

/**
 * Issue 10 through the whole system: a placed case moves by itself. A scheduler pass (the one
 * the cases service runs on its timer, here run when the test says) asks the legal engine, puts
 * CommunicationRequested in the cases outbox; the service's relay publishes it on real Kafka;
 * communications sends the first reminder to the loopback SMTP server. Hold and close stop it.
 */
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let system: SystemUnderTest;
let ds: DataSource;
let gql: ReturnType<typeof session>['gql'];
let admin = '';
const run = crypto.randomUUID().slice(0, 8);
const PREFIX = 'e2e_journeys.';

const { belgianClient } = agencySetup(
  { gql: (q, v, t) => gql(q, v, t) },
  { admin: () => admin, run, domain: 'journeys.example', password: '' },
);

beforeAll(async () => {
  smtp = await startSmtpServer();
  system = new SystemUnderTest('e2e_journeys', 15100, {
    KAFKA_TOPIC_PREFIX: PREFIX,
    SMTP_PORT: String(smtp.port),
    SCHEDULER_INTERVAL_MS: '200',
  });
  await system.resetDatabase();
  await system.startAll(['gateway', 'cases', 'communications', 'billing', 'reporting']);
  ({ gql } = session(system));
  admin = await session(system).login('admin@amicus.local', 'amicus-admin');
  ds = await openCasesDataSource(system.databaseUrl, 2);
}, 150000);

afterAll(async () => {
  await ds?.destroy();
  await system?.stopAll();
  await smtp?.close();
}, 60000);

/** A pass of the cases scheduler, as its timer runs it. */
const pass = () =>
  schedulerPass(ds, standaloneContext({ timeZone: 'Europe/Brussels', agencyRegistration: 'FPS-ECO-2024-0117', topicPrefix: PREFIX }));

/** Places one €400 claim, due a month ago, for each debtor; answers the case of each, by debtor name. */
async function place(
  clientId: string,
  debtors: { name: string; email: string }[],
): Promise<Map<string, { caseId: string; debtorId: string }>> {
  const claims = debtors.map((d, i) => ({
    debtorName: d.name,
    clientDebtorReference: `R-${run}-${i}`,
    email: d.email,
    addressLine1: 'Kerkstraat 12',
    postcode: '2000',
    city: 'Antwerpen',
    country: 'BE',
    language: 'nl',
    invoiceNumber: `J-${run}-${i}`,
    issueDate: '2025-01-01',
    dueDate: '2025-02-01',
    amount: '400.00',
    currency: 'EUR',
    damagesClause: true,
  }));
  await gql('mutation($i:PlaceClaimsInput!){ placeClaims(input:$i){ imported } }', { i: { clientId, claims } }, admin);
  const found = await gql('query($f:CaseFilterInput){ cases(filter:$f){ nodes { id debtor { id name } } } }', { f: { clientId } }, admin);
  const cases = new Map<string, { caseId: string; debtorId: string }>();
  for (const c of found.cases.nodes as { id: string; debtor: { id: string; name: string } }[])
    cases.set(c.debtor.name, { caseId: c.id, debtorId: c.debtor.id });
  // The debtors live where it is midday now, so the contact window is open for this run.
  for (const { debtorId } of cases.values()) {
    await gql('mutation($i:UpdateDebtorInput!){ updateDebtor(input:$i){ id } }', { i: { debtorId, timeZone: zoneWhereItIs(12) } }, admin);
  }
  return cases;
}

const caseView = async (caseId: string): Promise<Gql> =>
  (await gql('query($id:ID!){ case(id:$id){ phase history { action reason } } }', { id: caseId }, admin)).case;

async function mailTo(address: string) {
  const arrived = smtp.arrived.filter((m) => m.envelope.rcptTo.some((r) => r.address === address));
  return Promise.all(arrived.map((m) => simpleParser(m.raw)));
}

describe('journeys through the whole system', () => {
  it('sends a placed Belgian consumer case its free first reminder by itself, and nothing to a held or closed case', async () => {
    const { clientId } = await belgianClient('Bakkerij');
    const debtors = [
      { name: `Anna Peeters ${run}`, email: `anna+${run}@example.org` },
      { name: `Bert Held ${run}`, email: `bert+${run}@example.org` },
      { name: `Carla Closed ${run}`, email: `carla+${run}@example.org` },
    ];
    const cases = await place(clientId, debtors);
    const [anna, bert, carla] = debtors.map((d) => cases.get(d.name)!);
    await gql(
      'mutation($i:HoldCaseInput!){ holdCase(input:$i){ id } }',
      { i: { caseId: bert!.caseId, until: '2099-01-01', reason: 'the client is talking to the debtor' } },
      admin,
    );
    await gql(
      'mutation($i:CloseCaseInput!){ closeCase(input:$i){ id } }',
      { i: { caseId: carla!.caseId, outcome: 'paid', reason: 'paid to the client' } },
      admin,
    );

    const report = await pass();
    expect(report).toMatchObject({ started: 1, ran: 1, failed: 0 });

    const mail = await eventually(
      async () => {
        const got = await mailTo(debtors[0]!.email);
        if (!got.length) throw new Error('no e-mail yet');
        return got;
      },
      60000,
      500,
    );
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain('400,00');
    const view = await caseView(anna!.caseId);
    expect(view.phase).toBe('amicable');
    expect((view.history as { action: string }[]).map((h) => h.action)).toEqual(
      expect.arrayContaining(['journey_start', 'change_phase', 'journey_step']),
    );

    // A second pass the same day finds nothing due, and nobody else got anything.
    expect(await pass()).toMatchObject({ ran: 0, started: 0 });
    expect(await mailTo(debtors[1]!.email)).toEqual([]);
    expect(await mailTo(debtors[2]!.email)).toEqual([]);
    expect(await mailTo(debtors[0]!.email)).toHaveLength(1);
    expect((await caseView(carla!.caseId)).phase).toBe('closed');
  });
});

describe('reactions and scenario versions through the whole system', () => {
  it('holds the formal notice for a promise an agent logs on a call (CallLogged over Kafka), and lets only the admin move a case to another version', async () => {
    const { clientId } = await belgianClient('Bakkerij');
    const debtor = { name: `Dirk Promise ${run}`, email: `dirk+${run}@example.org` };
    const { caseId } = (await place(clientId, [debtor])).get(debtor.name)!;
    expect(await pass()).toMatchObject({ failed: 0 });

    // Communications knows the case once it has heard of it (CaseOpened over Kafka).
    await eventually(
      () =>
        gql(
          'mutation($i:LogCallInput!){ logCall(input:$i){ id } }',
          {
            i: {
              caseId,
              number: '+32470123456',
              direction: 'outbound',
              outcome: 'promise_to_pay',
              promiseAmountMinor: '40000',
              promiseCurrency: 'EUR',
              promiseDueDate: '2099-03-20',
            },
          },
          admin,
        ),
      30000,
      500,
    );
    const waitsUntil = await eventually(
      async () => {
        const [j] = await ds.query(`SELECT waiting_until, next_step_key, next_step_at FROM cases.case_journeys WHERE case_id = $1`, [
          caseId,
        ]);
        if (!j?.waiting_until) throw new Error('the promise has not reached the journey yet');
        return j;
      },
      60000,
      250,
    );
    expect(waitsUntil.next_step_key).toBe('formal-notice');
    expect(waitsUntil.next_step_at.toISOString()).toBe('2099-03-20T23:00:00.000Z');
    expect((await caseView(caseId)).history).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'journey_reaction' })]));

    // Moving the case to another version: the client's own scenario, made and activated by the admin.
    const steps = [
      { key: 'first-reminder', kind: 'first_reminder', channel: 'letter', delayDays: 0, anchor: 'placement' },
      { key: 'formal-notice', kind: 'formal_notice', channel: 'letter', delayDays: 16, anchor: 'previous_step' },
    ];
    const created = await gql(
      'mutation($i:CreateScenarioInput!){ createScenario(input:$i){ versions { id } } }',
      { i: { clientId, name: `Own ${run}`, steps } },
      admin,
    );
    const versionId = created.createScenario.versions[0].id as string;
    await gql('mutation($i:ScenarioVersionInput!){ activateScenarioVersion(input:$i){ id } }', { i: { versionId } }, admin);
    const MIGRATE = 'mutation($i:MigrateCaseJourneyInput!){ migrateCaseJourney(input:$i){ scenarioName next { step { key } } } }';
    const refused = await system.graphql(MIGRATE, { i: { caseId, versionId, stepKey: 'nope' } }, admin);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'stepKey' }] });
    const user = await clientUser(clientId);
    const forbidden = await system.graphql(MIGRATE, { i: { caseId, versionId } }, user);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const moved = await gql(MIGRATE, { i: { caseId, versionId } }, admin);
    expect(moved.migrateCaseJourney).toEqual({ scenarioName: `Own ${run}`, next: { step: { key: 'formal-notice' } } });
  });
});

async function clientUser(clientId: string): Promise<string> {
  const email = `user-${run}-${Math.random().toString(36).slice(2, 8)}@client.example`;
  await gql(
    'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
    { i: { email, password: 'a-client-password-1', role: 'client_user', clientId } },
    admin,
  );
  return session(system).login(email, 'a-client-password-1');
}
