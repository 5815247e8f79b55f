import { session, type Gql } from './support/session';
import { agencySetup } from './support/fixtures';
import { SystemUnderTest, eventually } from './support/system';

/**
 * The client's root causes through the whole system: a dispute raised on a client's case and
 * rejected by the client's user reaches reporting over Kafka (its root-causes consumer group),
 * and `rootCauses` through the gateway counts it for that client's user and the admin — and
 * nothing for another client's user or legal staff, even naming the client.
 */
let system: SystemUnderTest;
let gql: ReturnType<typeof session>['gql'];
let login: ReturnType<typeof session>['login'];
let admin = '';
const run = crypto.randomUUID().slice(0, 8);

const { belgianClient, user } = agencySetup(
  { gql: (q, v, t) => gql(q, v, t), login: (e, p) => login(e, p) },
  { admin: () => admin, run, domain: 'root-causes.example', password: 'root-causes-1' },
);

beforeAll(async () => {
  system = new SystemUnderTest('e2e_root_causes', 21100, { KAFKA_TOPIC_PREFIX: 'e2e_root_causes.', SMTP_PORT: '21198' });
  await system.resetDatabase();
  await system.startAll(['gateway', 'cases', 'communications', 'reporting']);
  ({ gql, login } = session(system));
  admin = await login('admin@amicus.local', 'amicus-admin');
}, 150000);

afterAll(() => system?.stopAll(), 60000);

const ROOT_CAUSES = `query($c:ID!){ rootCauses(clientId:$c){ disputes { raised open rejected } byReason { reason raised }
  answers { answered withinSla } shares { rejectedBp } complaints { category logged } } }`;

describe('root causes through the whole system', () => {
  it("counts a client's rejected dispute for its user and the admin, nothing for another client's user or legal staff", async () => {
    const { clientId, brandId } = await belgianClient('Brouwerij');
    const other = await belgianClient('Ander');
    const agent = await user('agent', { brandIds: [brandId] });
    const clientUser = await user('client_user', { clientId });
    const otherUser = await user('client_user', { clientId: other.clientId });
    const legal = await user('legal');
    const claim = {
      debtorName: `Rita Reden ${run}`,
      clientDebtorReference: `R-${run}`,
      email: `rita+${run}@example.org`,
      addressLine1: 'Kerkstraat 12',
      postcode: '2000',
      city: 'Antwerpen',
      country: 'BE',
      language: 'nl',
      invoiceNumber: `RC-${run}`,
      issueDate: '2025-01-01',
      dueDate: '2025-02-01',
      amount: '400.00',
      currency: 'EUR',
      damagesClause: true,
    };
    await gql('mutation($i:PlaceClaimsInput!){ placeClaims(input:$i){ imported } }', { i: { clientId, claims: [claim] } }, admin);
    const found = await gql('query($f:CaseFilterInput){ cases(filter:$f){ nodes { id claims { id } } } }', { f: { clientId } }, admin);
    const kase = (found.cases.nodes as Gql[])[0]!;
    const raised = await gql(
      'mutation($i:RaiseDisputeInput!){ raiseDispute(input:$i){ id } }',
      { i: { caseId: kase.id, claimIds: [kase.claims[0].id], reason: 'not_received', raisedBy: 'debtor', channel: 'letter' } },
      agent,
    );
    await gql(
      'mutation($i:AnswerDisputeInput!){ answerDispute(input:$i){ id } }',
      { i: { disputeId: raised.raiseDispute.id, answer: 'Geleverd en getekend.', outcome: 'rejected' } },
      clientUser,
    );

    const mine = await eventually(
      async () => {
        const v = (await gql(ROOT_CAUSES, { c: clientId }, clientUser)).rootCauses;
        if (v.disputes.rejected < 1 || v.answers.answered < 1) throw new Error(`not there yet: ${JSON.stringify(v.disputes)}`);
        return v;
      },
      60000,
      500,
    );
    expect(mine).toMatchObject({
      disputes: { raised: 1, open: 0, rejected: 1 },
      byReason: [{ reason: 'not_received', raised: 1 }],
      answers: { answered: 1, withinSla: 1 },
      shares: { rejectedBp: 10000 },
    });
    expect((await gql(ROOT_CAUSES, { c: clientId }, admin)).rootCauses.disputes.raised).toBe(1);
    // Another client's user and legal staff find no such client: null, not its id with empty counts.
    for (const token of [otherUser, legal]) expect((await gql(ROOT_CAUSES, { c: clientId }, token)).rootCauses).toBeNull();
    const bad = await system.graphql(ROOT_CAUSES, { c: 'nope' }, admin);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  }, 120000);
});
