import { simpleParser } from 'mailparser';
import type { DataSource } from 'typeorm';
import { openCasesDataSource, schedulerPass, standaloneContext } from '@amicus/cases';
import { startSmtpServer } from '@amicus/test-smtp';
import { session, type Gql } from './support/session';
import { agencySetup, zoneWhereItIs } from './support/fixtures';
import { SystemUnderTest, eventually } from './support/system';

/**
 * Settlements, client instructions and complaints through the whole system (gateway, the four
 * services, real Kafka and Postgres): the client allows its agents a 20 % discount; an agent
 * accepts an offer within it → the journey waits for the money, and once paid the case closes
 * as settled; an offer above it goes to the client, who declines it (the journey goes on) or
 * accepts it (settled once paid), its users asked by e-mail; a client user writes off its own case; a complaint is logged,
 * the admin pauses the journey for it, answers and closes it (the journey goes on). Walls: another
 * client's user and an agent of another brand are refused each mutation and see nothing.
 */
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let system: SystemUnderTest;
let ds: DataSource;
let gql: ReturnType<typeof session>['gql'];
let login: ReturnType<typeof session>['login'];
let admin = '';
const run = crypto.randomUUID().slice(0, 8);
const PREFIX = 'e2e_settlements.';
const PASSWORD = 'settle-pass-1';

const { belgianClient, user } = agencySetup(
  { gql: (q, v, t) => gql(q, v, t), login: (e, p) => login(e, p) },
  { admin: () => admin, run, domain: 'settlements.example', password: PASSWORD },
);

beforeAll(async () => {
  smtp = await startSmtpServer();
  system = new SystemUnderTest('e2e_settlements', 20300, { KAFKA_TOPIC_PREFIX: PREFIX, SMTP_PORT: String(smtp.port) });
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

const pass = () =>
  schedulerPass(ds, standaloneContext({ timeZone: 'Europe/Brussels', agencyRegistration: 'FPS-ECO-2024-0117', topicPrefix: PREFIX }));

/** A day from today (UTC), as YYYY-MM-DD. */
const dayFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** One debtor's claim of €1,000: its case id and open balance (minor units). */
async function place(clientId: string, name: string): Promise<{ caseId: string; open: bigint }> {
  const claim = {
    debtorName: name,
    clientDebtorReference: `R-${name}`,
    email: `${name.split(' ')[0]!.toLowerCase()}+${run}@example.org`,
    addressLine1: 'Meir 1',
    postcode: '2000',
    city: 'Antwerpen',
    country: 'BE',
    language: 'nl',
    invoiceNumber: `ST-${run}-${name.split(' ')[0]}`,
    issueDate: '2025-01-01',
    dueDate: '2025-02-01',
    amount: '1000.00',
    currency: 'EUR',
  };
  await gql('mutation($i:PlaceClaimsInput!){ placeClaims(input:$i){ imported } }', { i: { clientId, claims: [claim] } }, admin);
  const found = await gql(
    'query($f:CaseFilterInput){ cases(filter:$f){ nodes { id debtor { id name } balance { openMinor } } } }',
    { f: { clientId } },
    admin,
  );
  const c = (found.cases.nodes as Gql[]).find((x) => x.debtor.name === name)!;
  await gql(
    'mutation($i:UpdateDebtorInput!){ updateDebtor(input:$i){ id } }',
    { i: { debtorId: c.debtor.id, timeZone: zoneWhereItIs(12) } },
    admin,
  );
  return { caseId: c.id, open: BigInt(c.balance.openMinor) };
}

const errorOf = async (query: string, variables: object, token: string) => {
  const res = await system.graphql(query, variables, token);
  expect(res.errors?.length).toBeGreaterThan(0);
  return res.errors![0]!;
};
const codeOf = async (query: string, variables: object, token: string) => (await errorOf(query, variables, token)).extensions?.code;

const requested = async (caseId: string): Promise<number> =>
  (await ds.query(`SELECT count(*)::int AS n FROM cases.outbox WHERE type = 'CommunicationRequested' AND key = $1`, [caseId]))[0].n;
const journeyOf = async (caseId: string): Promise<Gql> =>
  (await ds.query(`SELECT status, reason, next_step_at FROM cases.case_journeys WHERE case_id = $1`, [caseId]))[0];
const eventsOf = async (caseId: string, type: string): Promise<Gql[]> =>
  (await ds.query(`SELECT envelope FROM cases.outbox WHERE type = $1 AND key = $2 ORDER BY seq`, [type, caseId])).map(
    (r: { envelope: { payload: Gql } }) => r.envelope.payload,
  );

const SETTLEMENT = 'id caseId status amountMinor balanceMinor discountBp withinTerms byPlan payBy decidedBy decisionReason planId';
const OFFER = `mutation($i:OfferSettlementInput!){ offerSettlement(input:$i){ ${SETTLEMENT} } }`;
const DECIDE = `mutation($id:ID!,$a:Boolean!,$r:String){ decideSettlement(settlementId:$id, accept:$a, reason:$r){ ${SETTLEMENT} } }`;
const TERMS =
  'mutation($c:ID!,$bp:Int!,$min:String){ setSettlementTerms(clientId:$c, maxDiscountBp:$bp, minAmountMinor:$min){ maxDiscountBp minAmountMinor } }';
const PAY = 'mutation($i:RecordPaymentInput!){ recordPayment(input:$i){ id } }';
const CASE = 'query($id:ID!){ case(id:$id){ id phase outcome closeReason balance { openMinor paidMinor } } }';
const INSTRUCT = 'mutation($i:GiveInstructionInput!){ giveInstruction(input:$i){ id phase outcome } }';
const COMPLAINT = 'id caseId category channel by status dueOn overdue pausesJourney answer { text inTime } closure { upheld note }';
const LOG = `mutation($i:LogComplaintInput!){ logComplaint(input:$i){ ${COMPLAINT} } }`;

async function tenants() {
  const { clientId, brandId } = await belgianClient('Settleco');
  const other = await belgianClient('Elsewhere');
  return {
    clientId,
    brandId,
    other,
    agent: await user('agent', { brandIds: [brandId] }),
    clientUser: await user('client_user', { clientId }),
    otherClientUser: await user('client_user', { clientId: other.clientId }),
    otherAgent: await user('agent', { brandIds: [other.brandId] }),
  };
}

describe('settlements, instructions and complaints through the whole system', () => {
  let t: Awaited<ReturnType<typeof tenants>>;
  beforeAll(async () => {
    t = await tenants();
  }, 60000);

  it('the client sets the discount its agents may grant; an offer within it is accepted at once, the journey waits, and paid the case is settled', async () => {
    // Nobody else sets this client's terms; bad terms are named.
    expect(await codeOf(TERMS, { c: t.clientId, bp: 2000 }, t.otherClientUser)).toBe('NOT_FOUND');
    expect(await codeOf(TERMS, { c: t.clientId, bp: 2000 }, t.agent)).toBe('FORBIDDEN');
    const bad = await errorOf(TERMS, { c: t.clientId, bp: 20000, min: 'ten' }, t.clientUser);
    expect(bad.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(bad.message).toMatch(/maxDiscountBp/);
    expect(bad.message).toMatch(/minAmountMinor/);
    expect((await gql(TERMS, { c: t.clientId, bp: 2000, min: null }, t.clientUser)).setSettlementTerms).toEqual({
      maxDiscountBp: 2000,
      minAmountMinor: null,
    });
    const seen = await gql('query($id:ID!){ client(id:$id){ settlementTerms { maxDiscountBp } } }', { id: t.clientId }, t.agent);
    expect(seen.client.settlementTerms).toEqual({ maxDiscountBp: 2000 });

    const { caseId, open } = await place(t.clientId, `Wim Within ${run}`);
    const amount = (open * 8000n) / 10000n + 1n; // just inside 20 % off
    const payBy = dayFromNow(10);
    const i = { caseId, amountMinor: amount.toString(), payBy };
    // Walls: an agent of another brand and another client's user find no case; a client user records no offers.
    expect(await codeOf(OFFER, { i }, t.otherAgent)).toBe('NOT_FOUND');
    expect(await codeOf(OFFER, { i }, t.clientUser)).toBe('FORBIDDEN');
    // Bad input: the balance itself is no settlement; a day in the past.
    const tooMuch = await errorOf(OFFER, { i: { ...i, amountMinor: open.toString() } }, t.agent);
    expect(tooMuch.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(tooMuch.message).toMatch(/amountMinor/);
    expect((await errorOf(OFFER, { i: { ...i, payBy: '2020-01-01' } }, t.agent)).message).toMatch(/payBy/);
    expect(await ds.query(`SELECT id FROM cases.settlements WHERE case_id = $1`, [caseId])).toEqual([]);

    const s = (await gql(OFFER, { i }, t.agent)).offerSettlement;
    expect(s).toMatchObject({
      status: 'accepted',
      withinTerms: true,
      amountMinor: amount.toString(),
      balanceMinor: open.toString(),
      payBy,
    });
    expect(s.decidedBy).toMatch(/^agent:/);
    expect(await eventsOf(caseId, 'SettlementOffered')).toEqual([
      expect.objectContaining({ settlementId: s.id, status: 'accepted', withinTerms: true }),
    ]);
    expect(await eventsOf(caseId, 'SettlementDecided')).toEqual([expect.objectContaining({ decision: 'accepted', decidedBy: 'agency' })]);
    // A second offer while this one waits for its money is a conflict.
    expect(await codeOf(OFFER, { i }, t.agent)).toBe('CONFLICT');

    // The journey waits for the money: no reminder goes out.
    await pass();
    await pass();
    expect(await requested(caseId)).toBe(0);
    expect((await journeyOf(caseId)).reason).toMatch(/settlement was accepted/);

    // The outsiders see none of it.
    for (const outsider of [t.otherAgent, t.otherClientUser]) {
      expect((await gql('query($c:ID){ settlements(caseId:$c){ id } }', { c: caseId }, outsider)).settlements).toEqual([]);
      expect((await gql(CASE, { id: caseId }, outsider)).case).toBeNull();
    }

    // The debtor pays the settled amount (in two parts): the case closes as settled, what is left given up.
    const half = amount / 2n;
    await gql(PAY, { i: { caseId, amountMinor: half.toString(), receivedOn: dayFromNow(0), source: 'bank' } }, t.agent);
    await gql(PAY, { i: { caseId, amountMinor: (amount - half).toString(), receivedOn: dayFromNow(0), source: 'bank' } }, t.agent);
    const closed = await eventually(
      async () => {
        const c = (await gql(CASE, { id: caseId }, t.clientUser)).case;
        if (c.phase !== 'closed') throw new Error(`still ${c.phase}`);
        return c;
      },
      30000,
      250,
    );
    expect(closed).toMatchObject({ outcome: 'settled' });
    expect(closed.closeReason).toMatch(/settlement .* paid/);
    const [caseClosed] = await eventsOf(caseId, 'CaseClosed');
    expect(caseClosed).toMatchObject({ outcome: 'settled', balanceMinor: (open - amount).toString() });
    expect((await gql('query($c:ID){ settlements(caseId:$c){ status } }', { c: caseId }, t.clientUser)).settlements).toEqual([
      { status: 'paid' },
    ]);
  });

  it('an offer above the terms goes to the client: declined, the journey goes on; accepted, the case is settled once paid', async () => {
    const { caseId, open } = await place(t.clientId, `Anna Above ${run}`);
    const low = (open * 5000n) / 10000n;
    const s = (await gql(OFFER, { i: { caseId, amountMinor: low.toString(), payBy: dayFromNow(10), note: 'can pay half now' } }, t.agent))
      .offerSettlement;
    expect(s).toMatchObject({ status: 'awaiting_client', withinTerms: false, discountBp: 5000, decidedBy: null });
    expect(await eventsOf(caseId, 'SettlementDecided')).toEqual([]);

    // The client's portal lists what it is to decide; the other client's does not.
    const waiting = (await gql('{ settlements(status:"awaiting_client"){ id caseId } }', {}, t.clientUser)).settlements as Gql[];
    expect(waiting.map((w) => w.id)).toContain(s.id);
    expect((await gql('{ settlements(status:"awaiting_client"){ id } }', {}, t.otherClientUser)).settlements).toEqual([]);
    // The client's users are asked by e-mail (the agency's address, the portal's link); the other client's are not.
    const users = (await gql('{ users { email role clientId } }', {}, admin)).users as Gql[];
    const mine = users.filter((u) => u.clientId === t.clientId).map((u) => u.email as string);
    const theirs = users.filter((u) => u.clientId === t.other.clientId).map((u) => u.email as string);
    const asked = await eventually(
      async () => {
        const got = await Promise.all(
          smtp.arrived.filter((m) => m.envelope.rcptTo.some((r) => mine.includes(r.address))).map((m) => simpleParser(m.raw)),
        );
        const offer = got.filter((m) => m.subject?.startsWith('Settlement offer to decide'));
        if (offer.length === 0) throw new Error('no e-mail to the client yet');
        return offer;
      },
      30000,
      250,
    );
    expect(asked[0]!.text).toContain('/client/settlements');
    expect(asked[0]!.text).toContain('50.00 %');
    expect(smtp.arrived.filter((m) => m.envelope.rcptTo.some((r) => theirs.includes(r.address)))).toEqual([]);
    // Walls: another client's user and an agent of another brand find nothing; the agent may not decide above the terms.
    expect(await codeOf(DECIDE, { id: s.id, a: true }, t.otherClientUser)).toBe('NOT_FOUND');
    expect(await codeOf(DECIDE, { id: s.id, a: true }, t.otherAgent)).toBe('FORBIDDEN');
    expect(await codeOf(DECIDE, { id: s.id, a: true }, t.agent)).toBe('FORBIDDEN');
    // Declining needs a reason, named.
    expect((await errorOf(DECIDE, { id: s.id, a: false }, t.clientUser)).message).toMatch(/reason/);

    const declined = (await gql(DECIDE, { id: s.id, a: false, r: 'half is too little' }, t.clientUser)).decideSettlement;
    expect(declined).toMatchObject({ status: 'declined', decisionReason: 'half is too little' });
    expect(declined.decidedBy).toMatch(/^client:/);
    expect(await eventsOf(caseId, 'SettlementDecided')).toEqual([expect.objectContaining({ decision: 'declined', decidedBy: 'client' })]);
    expect(await eventsOf(caseId, 'InstructionGiven')).toEqual([
      expect.objectContaining({ kind: 'settlement_declined', referenceId: s.id }),
    ]);
    // Decided once.
    expect(await codeOf(DECIDE, { id: s.id, a: true }, t.clientUser)).toBe('CONFLICT');

    // The journey goes on: its first reminder goes out.
    await pass();
    await pass();
    expect(await requested(caseId)).toBeGreaterThan(0);

    // A better offer, still above the terms: the client accepts it; paid, the case is settled.
    const [{ open_minor: openNow }] = await ds.query(`SELECT open_minor::text FROM cases.cases WHERE id = $1`, [caseId]);
    const better = (BigInt(openNow) * 7000n) / 10000n;
    const s2 = (await gql(OFFER, { i: { caseId, amountMinor: better.toString(), payBy: dayFromNow(20) } }, t.agent)).offerSettlement;
    expect(s2.status).toBe('awaiting_client');
    const accepted = (await gql(DECIDE, { id: s2.id, a: true }, t.clientUser)).decideSettlement;
    expect(accepted.status).toBe('accepted');
    await gql(PAY, { i: { caseId, amountMinor: better.toString(), receivedOn: dayFromNow(0), source: 'bank' } }, t.agent);
    const closed = await eventually(
      async () => {
        const c = (await gql(CASE, { id: caseId }, t.clientUser)).case;
        if (c.phase !== 'closed') throw new Error(`still ${c.phase}`);
        return c;
      },
      30000,
      250,
    );
    expect(closed.outcome).toBe('settled');

    // The case shows the client's decisions among its instructions.
    const shown = await gql('query($id:ID!){ case(id:$id){ instructions { kind by reason referenceId } } }', { id: caseId }, t.clientUser);
    expect((shown.case.instructions as Gql[]).map((x) => [x.kind, x.referenceId])).toEqual([
      ['settlement_declined', s.id],
      ['settlement_accepted', s2.id],
    ]);
  });

  it('a settlement by instalments becomes a payment plan at the settled amount', async () => {
    const { caseId, open } = await place(t.clientId, `Paul Plan ${run}`);
    const amount = (open * 9000n) / 10000n;
    const first = amount / 2n;
    const plan = {
      instalments: [
        { dueOn: dayFromNow(5), amountMinor: first.toString() },
        { dueOn: dayFromNow(35), amountMinor: (amount - first).toString() },
      ],
    };
    const wrong = await errorOf(
      OFFER,
      { i: { caseId, amountMinor: amount.toString(), plan: { instalments: [{ dueOn: dayFromNow(5), amountMinor: '1' }] } } },
      t.agent,
    );
    expect(wrong.message).toMatch(/plan\./);
    const s = (await gql(OFFER, { i: { caseId, amountMinor: amount.toString(), plan } }, t.agent)).offerSettlement;
    expect(s).toMatchObject({ status: 'accepted', byPlan: true, payBy: null });
    expect(s.planId).toBeTruthy();
    const [row] = await ds.query(`SELECT total_minor::text AS total, status FROM cases.payment_plans WHERE id = $1`, [s.planId]);
    expect(row.total).toBe(amount.toString());
  });

  it('an accepted settlement not paid by its day lapses when the next offer is recorded', async () => {
    const { caseId, open } = await place(t.clientId, `Lars Lapse ${run}`);
    const first = (await gql(OFFER, { i: { caseId, amountMinor: ((open * 9000n) / 10000n).toString(), payBy: dayFromNow(3) } }, t.agent))
      .offerSettlement;
    expect(first.status).toBe('accepted');
    // Its day passes (moved back by hand: the clock is the real one) with nothing paid.
    await ds.query(`UPDATE cases.settlements SET pay_by = $2 WHERE id = $1`, [first.id, dayFromNow(-3)]);
    const next = (await gql(OFFER, { i: { caseId, amountMinor: ((open * 8500n) / 10000n).toString(), payBy: dayFromNow(5) } }, t.agent))
      .offerSettlement;
    expect(next.status).toBe('accepted');
    const all = (await gql('query($c:ID){ settlements(caseId:$c){ id status } }', { c: caseId }, t.clientUser)).settlements as Gql[];
    expect(Object.fromEntries(all.map((x) => [x.id, x.status]))).toEqual({ [first.id]: 'lapsed', [next.id]: 'accepted' });
    const [audit] = await ds.query(`SELECT reason FROM cases.audit_entries WHERE case_id = $1 AND action = 'settlement_lapsed'`, [caseId]);
    expect(audit.reason).toMatch(/not paid by/);
  });

  it('a client user writes off its own case: closed written_off, audited, InstructionGiven; nobody else may', async () => {
    const { caseId, open } = await place(t.clientId, `Walter Writeoff ${run}`);
    const i = { caseId, kind: 'write_off', reason: 'the debtor company was dissolved' };
    expect(await codeOf(INSTRUCT, { i }, t.otherClientUser)).toBe('NOT_FOUND');
    expect(await codeOf(INSTRUCT, { i }, t.agent)).toBe('FORBIDDEN');
    expect(await codeOf(INSTRUCT, { i }, t.otherAgent)).toBe('FORBIDDEN');
    expect((await errorOf(INSTRUCT, { i: { ...i, kind: 'forgive' } }, t.clientUser)).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await errorOf(INSTRUCT, { i: { ...i, reason: ' ' } }, t.clientUser)).message).toMatch(/reason/);
    expect((await gql(CASE, { id: caseId }, t.clientUser)).case.phase).not.toBe('closed');

    // A hold first, then the write-off: both shown on the case.
    await gql(INSTRUCT, { i: { caseId, kind: 'hold', reason: 'checking with the curator', until: dayFromNow(20) } }, t.clientUser);
    const done = (await gql(INSTRUCT, { i }, t.clientUser)).giveInstruction;
    expect(done).toMatchObject({ phase: 'closed', outcome: 'written_off' });
    const [closed] = await eventsOf(caseId, 'CaseClosed');
    expect(closed).toMatchObject({ outcome: 'written_off', balanceMinor: open.toString(), reason: 'the debtor company was dissolved' });
    expect(await eventsOf(caseId, 'InstructionGiven')).toEqual([
      expect.objectContaining({ kind: 'write_off', reason: 'the debtor company was dissolved', actor: expect.stringMatching(/^client:/) }),
    ]);
    const [audit] = await ds.query(`SELECT actor_kind, reason FROM cases.audit_entries WHERE case_id = $1 AND action = 'write_off'`, [
      caseId,
    ]);
    expect(audit).toEqual({ actor_kind: 'client', reason: 'the debtor company was dissolved' });
    const shown = await gql('query($id:ID!){ case(id:$id){ instructions { kind until reason by } } }', { id: caseId }, t.clientUser);
    expect((shown.case.instructions as Gql[]).map((x) => x.kind)).toEqual(['hold', 'write_off']);
    expect(shown.case.instructions[0].until).toBe(dayFromNow(20));
    // Written off once.
    expect(await codeOf(INSTRUCT, { i }, t.clientUser)).toBe('CONFLICT');
  });

  it('a complaint is logged, routed to the admin with a deadline, pauses the journey at the admin’s word, is answered and closed', async () => {
    const { caseId } = await place(t.clientId, `Carla Complaint ${run}`);
    const i = { caseId, category: 'contact_frequency', channel: 'phone', text: 'called me four times in one day' };
    expect(await codeOf(LOG, { i }, t.otherAgent)).toBe('NOT_FOUND');
    expect(await codeOf(LOG, { i }, t.otherClientUser)).toBe('NOT_FOUND');
    const bad = await errorOf(LOG, { i: { ...i, category: 'rudeness', text: ' ' } }, t.agent);
    expect(bad.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(bad.message).toMatch(/category/);
    expect(bad.message).toMatch(/text/);

    const k = (await gql(LOG, { i }, t.agent)).logComplaint;
    expect(k).toMatchObject({ status: 'open', by: 'debtor', channel: 'phone', overdue: false, pausesJourney: false });
    expect(k.dueOn > dayFromNow(14)).toBe(true); // 15 business days
    expect(await eventsOf(caseId, 'ComplaintLogged')).toEqual([
      expect.objectContaining({ complaintId: k.id, category: 'contact_frequency', dueOn: k.dueOn }),
    ]);
    const byClient = (await gql(LOG, { i: { caseId, category: 'tone', text: 'our customer says the letter was rude' } }, t.clientUser))
      .logComplaint;
    expect(byClient).toMatchObject({ by: 'client', channel: 'client_portal' });

    // The debtor complains on its page, by its pay link's token alone; a token that opens nothing is refused.
    const [opened] = await eventsOf(caseId, 'CaseOpened');
    const DEBTOR = 'mutation($t:String!,$c:String!,$x:String!){ debtorLogComplaint(token:$t, category:$c, text:$x) }';
    expect(await codeOf(DEBTOR, { t: 'A'.repeat(43), c: 'tone', x: 'rude' }, '')).toBe('NOT_FOUND');
    expect((await gql(DEBTOR, { t: opened!.payLink.token, c: 'wrong_person', x: 'I am not this person' }, '')).debtorLogComplaint).toBe(
      true,
    );
    const fromPage = (
      (await gql('query($c:ID){ complaints(caseId:$c){ by channel category } }', { c: caseId }, admin)).complaints as Gql[]
    ).find((x) => x.channel === 'debtor_page');
    expect(fromPage).toEqual({ by: 'debtor', channel: 'debtor_page', category: 'wrong_person' });

    // The admin's list; the client sees the complaints on its own cases; the outsiders see none.
    const open = (await gql('{ complaints(status:"open"){ id } }', {}, admin)).complaints as Gql[];
    expect(open.map((x) => x.id)).toEqual(expect.arrayContaining([k.id, byClient.id]));
    const mine = (await gql('query($c:ID){ complaints(caseId:$c){ id } }', { c: caseId }, t.clientUser)).complaints as Gql[];
    expect(mine.map((x) => x.id)).toEqual(expect.arrayContaining([k.id, byClient.id]));
    expect(mine).toHaveLength(3);
    for (const outsider of [t.otherClientUser, t.otherAgent])
      expect((await gql('query($c:ID){ complaints(caseId:$c){ id } }', { c: caseId }, outsider)).complaints).toEqual([]);

    // The admin alone routes it: agents and clients may not pause, answer or close.
    const PAUSE = `mutation($id:ID!,$p:Boolean!){ pauseForComplaint(complaintId:$id, pause:$p){ ${COMPLAINT} } }`;
    const ANSWER = `mutation($id:ID!,$a:String!){ answerComplaint(complaintId:$id, answer:$a){ ${COMPLAINT} } }`;
    const CLOSE = `mutation($id:ID!,$u:Boolean!,$n:String){ closeComplaint(complaintId:$id, upheld:$u, note:$n){ ${COMPLAINT} } }`;
    for (const who of [t.agent, t.clientUser, t.otherClientUser]) {
      expect(await codeOf(PAUSE, { id: k.id, p: true }, who)).toBe('FORBIDDEN');
      expect(await codeOf(ANSWER, { id: k.id, a: 'x' }, who)).toBe('FORBIDDEN');
      expect(await codeOf(CLOSE, { id: k.id, u: true }, who)).toBe('FORBIDDEN');
    }
    expect(await codeOf(CLOSE, { id: k.id, u: true }, admin)).toBe('CONFLICT'); // not answered yet

    // Paused: no reminder while it is open.
    expect((await gql(PAUSE, { id: k.id, p: true }, admin)).pauseForComplaint.pausesJourney).toBe(true);
    await pass();
    await pass();
    expect(await requested(caseId)).toBe(0);
    expect((await journeyOf(caseId)).reason).toMatch(/complaint is open/);

    const answered = (await gql(ANSWER, { id: k.id, a: 'we limited calls to one a week' }, admin)).answerComplaint;
    expect(answered).toMatchObject({ status: 'answered', answer: { inTime: true } });
    const closed = (await gql(CLOSE, { id: k.id, u: true, n: 'contact frequency capped' }, admin)).closeComplaint;
    expect(closed).toMatchObject({ status: 'closed', closure: { upheld: true, note: 'contact frequency capped' }, pausesJourney: true });
    expect(await eventsOf(caseId, 'ComplaintClosed')).toEqual([
      expect.objectContaining({ complaintId: k.id, upheld: true, answeredInTime: true }),
    ]);

    // Closed, the pause ends and the journey goes on at once.
    await pass();
    await pass();
    expect(await requested(caseId)).toBeGreaterThan(0);
    const audit = await ds.query(`SELECT action FROM cases.audit_entries WHERE case_id = $1 AND action LIKE 'complaint_%' ORDER BY seq`, [
      caseId,
    ]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'complaint_logged',
      'complaint_logged',
      'complaint_logged',
      'complaint_pause',
      'complaint_answered',
      'complaint_closed',
    ]);
  });
});
