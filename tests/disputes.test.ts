import { simpleParser } from 'mailparser';
import type { DataSource } from 'typeorm';
import { openCasesDataSource, schedulerPass, standaloneContext } from '@amicus/cases';
import { startSmtpServer } from '@amicus/test-smtp';
import { session, type Gql } from './support/session';
import { agencySetup, zoneWhereItIs } from './support/fixtures';
import { SystemUnderTest, eventually } from './support/system';

/**
 * Disputes through the whole system (gateway, the four services, real Kafka and Postgres): a
 * case of three claims, one disputed by the debtor (an agent records it) → the next letter asks
 * only for the other two, the debtor gets the acknowledgement, the case may not go to legal; the
 * client's user rejects the dispute in its portal API (another client's user cannot see or answer
 * it) → the claim is collected again and the case may go to legal. A call logged as a dispute
 * (CallLogged over Kafka) opens a dispute on every open claim.
 */
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let system: SystemUnderTest;
let ds: DataSource;
let gql: ReturnType<typeof session>['gql'];
let login: ReturnType<typeof session>['login'];
let admin = '';
const run = crypto.randomUUID().slice(0, 8);
const PREFIX = 'e2e_disputes.';
const PASSWORD = 'dispute-pass-1';

const { belgianClient, user } = agencySetup(
  { gql: (q, v, t) => gql(q, v, t), login: (e, p) => login(e, p) },
  { admin: () => admin, run, domain: 'disputes.example', password: PASSWORD },
);

beforeAll(async () => {
  smtp = await startSmtpServer();
  system = new SystemUnderTest('e2e_disputes', 16900, {
    KAFKA_TOPIC_PREFIX: PREFIX,
    SMTP_PORT: String(smtp.port),
    SCHEDULER_INTERVAL_MS: '200',
  });
  await system.resetDatabase();
  await system.startAll(['gateway', 'cases', 'communications', 'billing', 'reporting']);
  ({ gql, login } = session(system));
  admin = await login('admin@amicus.local', 'amicus-admin');
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

/** One debtor's three claims (€400, €250, €100, due a month ago): its case and claims by invoice number. */
async function placeThree(clientId: string, name: string, email: string): Promise<{ caseId: string; claims: Map<string, string> }> {
  const claims = [
    ['A', '400.00'],
    ['B', '250.00'],
    ['C', '100.00'],
  ].map(([n, amount]) => ({
    debtorName: name,
    clientDebtorReference: `R-${name}`,
    email,
    addressLine1: 'Kerkstraat 12',
    postcode: '2000',
    city: 'Antwerpen',
    country: 'BE',
    language: 'nl',
    invoiceNumber: `D-${run}-${name.split(' ')[0]}-${n}`,
    issueDate: '2025-01-01',
    dueDate: '2025-02-01',
    amount,
    currency: 'EUR',
    damagesClause: true,
  }));
  await gql('mutation($i:PlaceClaimsInput!){ placeClaims(input:$i){ imported } }', { i: { clientId, claims } }, admin);
  const found = await gql(
    'query($f:CaseFilterInput){ cases(filter:$f){ nodes { id debtor { id name } claims { id invoiceNumber } } } }',
    { f: { clientId } },
    admin,
  );
  const c = (found.cases.nodes as Gql[]).find((x) => x.debtor.name === name)!;
  await gql(
    'mutation($i:UpdateDebtorInput!){ updateDebtor(input:$i){ id } }',
    { i: { debtorId: c.debtor.id, timeZone: zoneWhereItIs(12) } },
    admin,
  );
  return { caseId: c.id, claims: new Map((c.claims as Gql[]).map((k) => [k.invoiceNumber.slice(-1), k.id])) };
}

const requested = async (caseId: string) =>
  (await ds.query(`SELECT envelope FROM cases.outbox WHERE type = 'CommunicationRequested' AND key = $1 ORDER BY seq`, [caseId])).map(
    (r: { envelope: { payload: Gql } }) => r.envelope.payload,
  );

async function mailTo(address: string) {
  const arrived = smtp.arrived.filter((m) => m.envelope.rcptTo.some((r) => r.address === address));
  return Promise.all(arrived.map((m) => simpleParser(m.raw)));
}

/** The engine's word on which claims collection may work on now ("n claim(s) open and undisputed"). */
async function undisputedNow(caseId: string, token: string): Promise<string> {
  const a = await gql(
    'query($id:ID!){ assessCase(caseId:$id, step:"first_reminder"){ decisions { checks { rule reason } } } }',
    { id: caseId },
    token,
  );
  return (a.assessCase.decisions[0].checks as Gql[]).find((c) => c.rule === 'CASE-OPEN')!.reason as string;
}

const errorOf = async (query: string, variables: object, token: string) => {
  const res = await system.graphql(query, variables, token);
  expect(res.errors?.length).toBeGreaterThan(0);
  return res.errors![0]!;
};

const ESCALATE = 'mutation($i:ChangeCasePhaseInput!){ changeCasePhase(input:$i){ phase } }';
const DISPUTE_FIELDS =
  'id status claimIds answerDueOn overdue answer { text proposedOutcome late } resolution { outcome credits { claimId amountMinor } explanation }';

describe('disputes through the whole system', () => {
  it('asks only for the undisputed claims, acknowledges the dispute, keeps the case from legal; the client rejects it and the claim is back', async () => {
    const { clientId, brandId } = await belgianClient('Meubel');
    const other = await belgianClient('Andere');
    const agent = await user('agent', { brandIds: [brandId] });
    const clientUser = await user('client_user', { clientId });
    const otherClientUser = await user('client_user', { clientId: other.clientId });
    const email = `dora+${run}@example.org`;
    const { caseId, claims } = await placeThree(clientId, `Dora Dispute ${run}`, email);

    const raised = await gql(
      `mutation($i:RaiseDisputeInput!){ raiseDispute(input:$i){ ${DISPUTE_FIELDS} } }`,
      {
        i: {
          caseId,
          claimIds: [claims.get('A')],
          reason: 'poor_quality',
          text: 'de tafel kwam beschadigd aan',
          raisedBy: 'debtor',
          channel: 'letter',
        },
      },
      agent,
    );
    const dispute = raised.raiseDispute;
    expect(dispute).toMatchObject({
      status: 'awaiting_client',
      claimIds: [claims.get('A')],
      overdue: false,
      answer: null,
      resolution: null,
    });

    // Bad input: a claim of another case, none at all, an unknown reason — named, nothing written.
    const elsewhere = await placeThree(clientId, `Emil Elsewhere ${run}`, `emil+${run}@example.org`);
    const bad = await errorOf(
      'mutation($i:RaiseDisputeInput!){ raiseDispute(input:$i){ id } }',
      { i: { caseId, claimIds: [elsewhere.claims.get('A')], reason: 'too_dear', raisedBy: 'debtor', channel: 'letter' } },
      agent,
    );
    expect(bad.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((bad.extensions!.problems as { field: string }[]).map((p) => p.field)).toEqual(['reason', 'claimIds[0]']);

    // The journey's first letter asks for €250 + €100 only.
    expect(await pass()).toMatchObject({ failed: 0 });
    const [letter] = await requested(caseId);
    expect(letter).toMatchObject({ kind: 'first_reminder', amounts: { principalMinor: '35000', totalMinor: '35000' } });
    expect(await undisputedNow(caseId, admin)).toMatch(/^2 claim\(s\) open and undisputed/);

    // The debtor hears of both: the reminder and the acknowledgement of its dispute.
    const mail = await eventually(
      async () => {
        const got = await mailTo(email);
        if (got.length < 2) throw new Error(`${got.length} e-mail(s) so far`);
        return got;
      },
      60000,
      500,
    );
    expect(mail.map((m) => m.subject)).toEqual(
      expect.arrayContaining([expect.stringMatching(/betwisting ontvangen/), expect.stringMatching(/herinnering/i)]),
    );

    // No escalation while the dispute is open.
    const refused = await errorOf(ESCALATE, { i: { caseId, to: 'legal_review', reason: 'no reaction' } }, agent);
    expect(refused.extensions).toMatchObject({ code: 'LEGALLY_REFUSED', rule: 'CASE-DISPUTE-OPEN' });

    // The walls: another client's user neither sees nor answers it.
    expect((await gql('query($c:ID){ disputes(caseId:$c){ nodes { id } } }', { c: caseId }, otherClientUser)).disputes.nodes).toEqual([]);
    const hidden = await errorOf(
      'mutation($i:AnswerDisputeInput!){ answerDispute(input:$i){ id } }',
      { i: { disputeId: dispute.id, answer: 'not ours', outcome: 'upheld' } },
      otherClientUser,
    );
    expect(hidden.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const mine = await gql('{ disputes(status:"awaiting_client"){ nodes { id case { id } } } }', {}, clientUser);
    expect(mine.disputes.nodes).toEqual([{ id: dispute.id, case: { id: caseId } }]);

    // The client rejects it in its portal API: the claim is collected again, the case may go to legal.
    const answered = await gql(
      `mutation($i:AnswerDisputeInput!){ answerDispute(input:$i){ ${DISPUTE_FIELDS} } }`,
      { i: { disputeId: dispute.id, answer: 'Geleverd in perfecte staat, ondertekend bij ontvangst.', outcome: 'rejected' } },
      clientUser,
    );
    expect(answered.answerDispute).toMatchObject({
      status: 'resolved',
      answer: { proposedOutcome: 'rejected', late: false },
      resolution: { outcome: 'rejected', credits: [], explanation: 'Geleverd in perfecte staat, ondertekend bij ontvangst.' },
    });
    const closedAnswer = await errorOf(
      'mutation($i:AnswerDisputeInput!){ answerDispute(input:$i){ id } }',
      { i: { disputeId: dispute.id, answer: 'toch wel', outcome: 'upheld' } },
      clientUser,
    );
    expect(closedAnswer.extensions).toMatchObject({ code: 'CONFLICT' });
    expect(await undisputedNow(caseId, admin)).toMatch(/^3 claim\(s\) open and undisputed/);
    const caseDisputes = await gql('query($id:ID!){ case(id:$id){ disputes { id status } } }', { id: caseId }, agent);
    expect(caseDisputes.case.disputes).toEqual([{ id: dispute.id, status: 'resolved' }]);
    expect((await gql(ESCALATE, { i: { caseId, to: 'legal_review', reason: 'no reaction' } }, agent)).changeCasePhase).toEqual({
      phase: 'legal_review',
    });
  });

  it('opens a dispute on every open claim when an agent logs a call as disputed', async () => {
    const { clientId } = await belgianClient('Keuken');
    const { caseId, claims } = await placeThree(clientId, `Frans Call ${run}`, `frans+${run}@example.org`);
    await eventually(
      () =>
        gql(
          'mutation($i:LogCallInput!){ logCall(input:$i){ id } }',
          { i: { caseId, number: '+32470123456', direction: 'inbound', outcome: 'dispute_raised' } },
          admin,
        ),
      30000,
      500,
    );
    const disputes = await eventually(
      async () => {
        const got = (
          await gql('query($id:ID!){ case(id:$id){ disputes { claimIds reason text raisedBy channel status } } }', { id: caseId }, admin)
        ).case.disputes as Gql[];
        if (!got.length) throw new Error('no dispute yet');
        return got;
      },
      30000,
      500,
    );
    expect(disputes).toHaveLength(1);
    expect(disputes[0]).toMatchObject({
      reason: 'other',
      text: 'raised on a call',
      raisedBy: 'debtor',
      channel: 'phone',
      status: 'awaiting_client',
    });
    expect([...disputes[0]!.claimIds].sort()).toEqual([...claims.values()].sort());
  });
});
