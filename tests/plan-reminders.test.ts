import { Kafka } from 'kafkajs';
import { simpleParser } from 'mailparser';
import type { DataSource } from 'typeorm';
import { camt053Chunks, openCasesDataSource, schedulerPass, standaloneContext } from '@amicus/cases';
import { topics } from '@amicus/events';
import { parseOgm } from '@amicus/payment-references';
import { startSmtpServer } from '@amicus/test-smtp';
import { session, type Gql } from './support/session';
import { zoneWhereItIs } from './support/fixtures';
import { SystemUnderTest, eventually } from './support/system';

/**
 * A payment plan's course through the whole system (gateway, cases, communications, real Kafka
 * and Postgres, a real SMTP server on loopback): an agent agrees a plan with the debtor → the
 * debtor gets its confirmation by e-mail, with the schedule and the plan's own structured
 * reference; an instalment not paid within its grace days → the plan breaks on the scheduler's
 * tick and the debtor is told, once; an instalment three days off and not yet covered → the tick
 * reminds the debtor, once. Each event delivered again (the same envelope on Kafka, and a copy
 * under a new id through the outbox, as a producer's retry would) sends nothing twice. The
 * debtor's page shows the plan (or the promise, confirmed once too) it arranged when opened again, by its link alone;
 * a bank transfer quoting the plan's reference is the plan's case's payment.
 */
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let system: SystemUnderTest;
let ds: DataSource;
let gql: ReturnType<typeof session>['gql'];
let login: ReturnType<typeof session>['login'];
let admin = '';
const run = crypto.randomUUID().slice(0, 8);
const PREFIX = 'e2e_plan_reminders.';
const kafka = new Kafka({ clientId: `plan-reminders-${run}`, brokers: [process.env.KAFKA_BROKERS ?? '127.0.0.1:9092'], logLevel: 0 });
const producer = kafka.producer();

beforeAll(async () => {
  smtp = await startSmtpServer();
  system = new SystemUnderTest('e2e_plan_reminders', 19300, {
    KAFKA_TOPIC_PREFIX: PREFIX,
    SMTP_PORT: String(smtp.port),
    SCHEDULER_INTERVAL_MS: '200',
  });
  await system.resetDatabase();
  await system.startAll(['gateway', 'cases', 'communications']);
  ({ gql, login } = session(system));
  admin = await login('admin@amicus.local', 'amicus-admin');
  ds = await openCasesDataSource(system.databaseUrl, 2);
  await producer.connect();
}, 150000);

afterAll(async () => {
  await producer?.disconnect();
  await ds?.destroy();
  await system?.stopAll();
  await smtp?.close();
}, 60000);

/** A pass of the cases scheduler, as its timer runs it. */
const pass = () =>
  schedulerPass(ds, standaloneContext({ timeZone: 'Europe/Brussels', agencyRegistration: 'FPS-ECO-2024-0117', topicPrefix: PREFIX }));

/** A day in the agency's calendar (cases' clock: Europe/Brussels), `plusDays` from today. */
const agencyDay = (plusDays = 0) =>
  new Date(Date.now() + plusDays * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Europe/Brussels' });

async function belgianBrand(): Promise<{ clientId: string; brandId: string }> {
  const clientId = (
    await gql('mutation($i:CreateClientInput!){ createClient(input:$i){ id } }', { i: { name: `Plans ${run}`, country: 'BE' } }, admin)
  ).createClient.id as string;
  const brandId = (
    await gql(
      'mutation($i:CreateBrandInput!){ createBrand(input:$i){ id } }',
      { i: { clientId, name: `Plans brand ${run}`, languages: ['en'], email: `pay+${run}@plans.example`, phone: '+3231234567' } },
      admin,
    )
  ).createBrand.id as string;
  await eventually(
    async () => {
      const looks = await gql('{ brandLooks { brandId } }', {}, admin);
      if (!(looks.brandLooks as { brandId: string }[]).some((b) => b.brandId === brandId)) throw new Error('no look yet');
    },
    30000,
    250,
  );
  return { clientId, brandId };
}

/** A debtor's case of €600 (due long ago), in a zone where it is midday, known to communications. */
async function placeCase(clientId: string, name: string, email: string, zone: string): Promise<string> {
  const claim = {
    debtorName: name,
    clientDebtorReference: `R-${name}`,
    email,
    addressLine1: 'Kerkstraat 12',
    postcode: '2000',
    city: 'Antwerpen',
    country: 'BE',
    language: 'en',
    invoiceNumber: `PR-${run}-${name.split(' ')[0]}`,
    issueDate: '2025-01-01',
    dueDate: '2025-02-01',
    amount: '600.00',
    currency: 'EUR',
  };
  await gql('mutation($i:PlaceClaimsInput!){ placeClaims(input:$i){ imported } }', { i: { clientId, claims: [claim] } }, admin);
  const found = await gql('query($f:CaseFilterInput){ cases(filter:$f){ nodes { id debtor { id name } } } }', { f: { clientId } }, admin);
  const c = (found.cases.nodes as Gql[]).find((x) => x.debtor.name === name)!;
  const known = (where: string) => async () => {
    const [row] = await ds.query(`SELECT 1 FROM communications.case_contacts WHERE case_id = $1 AND ${where}`, [c.id, zone]);
    if (!row) throw new Error('case not known to communications yet');
  };
  // The debtor's zone once communications has the case (an update it sees before the case's own events is older than them).
  await eventually(known('$2::text IS NOT NULL'), 30000, 250);
  await gql('mutation($i:UpdateDebtorInput!){ updateDebtor(input:$i){ id } }', { i: { debtorId: c.debtor.id, timeZone: zone } }, admin);
  await eventually(known('time_zone = $2'), 30000, 250);
  return c.id as string;
}

const PLAN = `id status totalMinor instalments { seq dueOn amountMinor } paymentReference { referenceNumber ogm rf }`;

async function mailsTo(address: string, subject: RegExp) {
  const arrived = smtp.arrived.filter((m) => m.envelope.rcptTo.some((r) => r.address === address));
  return (await Promise.all(arrived.map((m) => simpleParser(m.raw)))).filter((m) => subject.test(m.subject ?? ''));
}

const sentOfKind = async (caseId: string, kind: string) =>
  (await ds.query(`SELECT count(*)::int AS n FROM communications.communications WHERE case_id = $1 AND kind = $2`, [caseId, kind]))[0]
    .n as number;

/** The envelope cases published about a case, of a type. */
async function published(caseId: string, type: string): Promise<Gql> {
  const [row] = await ds.query(`SELECT envelope FROM cases.outbox WHERE type = $1 AND key = $2 ORDER BY seq`, [type, caseId]);
  expect(row).toBeDefined();
  return row.envelope as Gql;
}

/**
 * The event delivered again, twice: the very envelope once more on the topic, then a copy under a
 * new id through cases' outbox (as a producer that retried would). The copy is handled after the
 * first (same key, same partition), so once communications has recorded it, both have been seen.
 */
async function deliverAgain(envelope: Gql): Promise<void> {
  await producer.send({ topic: system.topic(topics.cases), messages: [{ key: envelope.aggregateId, value: JSON.stringify(envelope) }] });
  const copy: Gql = { ...envelope, id: crypto.randomUUID() };
  await ds.query(`INSERT INTO cases.outbox (id, type, version, topic, key, envelope) VALUES ($1, $2, $3, $4, $5, $6)`, [
    copy.id,
    copy.type,
    copy.version,
    system.topic(topics.cases),
    copy.aggregateId,
    JSON.stringify(copy),
  ]);
  await eventually(
    async () => {
      const [row] = await ds.query(`SELECT 1 FROM communications.processed_events WHERE consumer LIKE '%plan-notices' AND event_id = $1`, [
        copy.id,
      ]);
      if (!row) throw new Error('the copy is not handled yet');
    },
    30000,
    250,
  );
}

describe("a payment plan's course, told to the debtor", () => {
  it('confirms the plan with its schedule and reference, tells of the missed instalment when the plan breaks — each once', async () => {
    const { clientId } = await belgianBrand();
    const zone = zoneWhereItIs(12);
    const email = `mira+${run}@example.org`;
    const caseId = await placeCase(clientId, `Mira Missed ${run}`, email, zone);

    const today = agencyDay();
    const agreed = await gql(
      `mutation($i:ProposePaymentPlanInput!){ proposePaymentPlan(input:$i){ ${PLAN} } }`,
      { i: { caseId, count: 3, firstDueOn: today } },
      admin,
    );
    const plan = agreed.proposePaymentPlan as Gql;
    expect(plan).toMatchObject({ status: 'agreed', totalMinor: '60000' });
    expect(plan.paymentReference.referenceNumber).toMatch(/^9\d{9}$/);
    expect(plan.paymentReference.ogm).toMatch(/^\+\+\+9\d\d\/\d{4}\/\d{5}\+\+\+$/);

    // The confirmation: the schedule, the plan's own reference.
    const [confirmation] = await eventually(
      async () => {
        const found = await mailsTo(email, /^Confirmation of your payment plan/);
        if (found.length === 0) throw new Error('no confirmation yet');
        return found;
      },
      30000,
      250,
    );
    expect(confirmation!.text).toContain(plan.paymentReference.ogm);
    for (const i of plan.instalments as Gql[]) expect(confirmation!.text).toContain(`Instalment ${i.seq}`);
    expect(confirmation!.text).toContain('€200.00');

    await deliverAgain(await published(caseId, 'PaymentPlanAgreed'));
    expect(await sentOfKind(caseId, 'payment_plan_confirmation')).toBe(1);
    expect(await mailsTo(email, /^Confirmation of your payment plan/)).toHaveLength(1);

    // Nothing came in: the first instalment is moved past its grace days (as if they had gone by) and the tick breaks the plan.
    await ds.query(
      `UPDATE cases.payment_plans SET instalments = jsonb_set(instalments, '{0,dueOn}', to_jsonb(($2::date - 10)::text)), check_at = now()
        WHERE id = $1`,
      [plan.id, today],
    );
    await pass();
    const broken = await gql(`query($id:ID!){ case(id:$id){ paymentPlan { status missedSeq } } }`, { id: caseId }, admin);
    expect(broken.case.paymentPlan).toEqual({ status: 'broken', missedSeq: 1 });
    const [missed] = await eventually(
      async () => {
        const found = await mailsTo(email, /^Instalment not received/);
        if (found.length === 0) throw new Error('no notice yet');
        return found;
      },
      30000,
      250,
    );
    expect(missed!.text).toContain('€200.00');
    expect(missed!.text).toMatch(/within the 5 days/);

    await deliverAgain(await published(caseId, 'InstalmentMissed'));
    expect(await sentOfKind(caseId, 'instalment_missed')).toBe(1);
    expect(await mailsTo(email, /^Instalment not received/)).toHaveLength(1);
    // A later tick changes nothing: the plan is broken for good (the outbox holds the event and the test's copy, no more).
    await pass();
    expect(
      (await ds.query(`SELECT count(*)::int AS n FROM cases.outbox WHERE type = 'InstalmentMissed' AND key = $1`, [caseId]))[0].n,
    ).toBe(2);
  }, 180000);

  it('reminds of an instalment three days off that is not yet covered, once, with the plan’s reference', async () => {
    const { clientId } = await belgianBrand();
    const zone = zoneWhereItIs(12);
    const email = `remy+${run}@example.org`;
    const caseId = await placeCase(clientId, `Remy Reminded ${run}`, email, zone);
    const agreed = await gql(
      `mutation($i:ProposePaymentPlanInput!){ proposePaymentPlan(input:$i){ ${PLAN} } }`,
      { i: { caseId, count: 2, firstDueOn: agencyDay(10) } },
      admin,
    );
    const plan = agreed.proposePaymentPlan as Gql;
    await eventually(async () => {
      if ((await mailsTo(email, /^Confirmation of your payment plan/)).length === 0) throw new Error('no confirmation yet');
    }, 30000);

    // A tick before the reminder's day sends nothing.
    await pass();
    expect((await ds.query(`SELECT count(*)::int AS n FROM cases.outbox WHERE type = 'InstalmentDue' AND key = $1`, [caseId]))[0].n).toBe(
      0,
    );

    // The first instalment now two days off (its reminder day gone by yesterday): the tick reminds, once.
    const dueOn = agencyDay(2);
    // (Agreed days ago: an instalment whose reminder day is not after the day agreed gets none, the confirmation lists it.)
    await ds.query(
      `UPDATE cases.payment_plans SET instalments = jsonb_set(instalments, '{0,dueOn}', to_jsonb($2::text)), remind_at = now(),
              decided_at = decided_at - interval '5 days' WHERE id = $1`,
      [plan.id, dueOn],
    );
    await pass();
    await pass();
    const due = await published(caseId, 'InstalmentDue');
    expect(due.payload).toMatchObject({
      seq: 1,
      dueOn,
      amountMinor: '30000',
      openMinor: '30000',
      referenceNumber: plan.paymentReference.referenceNumber,
    });
    const [reminder] = await eventually(
      async () => {
        const found = await mailsTo(email, /^Reminder: your instalment falls due/);
        if (found.length === 0) throw new Error('no reminder yet');
        return found;
      },
      30000,
      250,
    );
    expect(reminder!.text).toContain(plan.paymentReference.ogm);
    expect(reminder!.text).toContain('€300.00');

    await deliverAgain(due);
    expect(await sentOfKind(caseId, 'instalment_reminder')).toBe(1);
    expect(await mailsTo(email, /^Reminder: your instalment falls due/)).toHaveLength(1);
    // The tick's own event once, and the test's copy.
    expect((await ds.query(`SELECT count(*)::int AS n FROM cases.outbox WHERE type = 'InstalmentDue' AND key = $1`, [caseId]))[0].n).toBe(
      2,
    );
  }, 180000);

  it("shows the debtor's plan or promise when its page is opened again, by its own link only; a transfer with the plan's reference pays its case", async () => {
    const { clientId } = await belgianBrand();
    const zone = zoneWhereItIs(12);
    const planCase = await placeCase(clientId, `Paula Page ${run}`, `paula+${run}@example.org`, zone);
    const promiseCase = await placeCase(clientId, `Piet Promise ${run}`, `piet+${run}@example.org`, zone);
    const tokenOf = async (caseId: string) =>
      (await ds.query(`SELECT pay_link_token AS t FROM communications.case_contacts WHERE case_id = $1`, [caseId]))[0].t as string;
    const [planToken, promiseToken] = [await tokenOf(planCase), await tokenOf(promiseCase)];
    const ARRANGED = `query($t:String!){ debtorArrangements(token:$t){ paymentPlan { status totalMinor instalments { seq dueOn } paymentReference { ogm } } promise { amountMinor dueOn status } } }`;

    const nothing = await system.graphql(ARRANGED, { t: planToken });
    expect(nothing.data?.debtorArrangements).toEqual({ paymentPlan: null, promise: null });
    const proposed = await system.graphql(
      `mutation($t:String!,$d:String!){ debtorProposePaymentPlan(token:$t, count:3, firstDueOn:$d){ status paymentReference { ogm } } }`,
      { t: planToken, d: agencyDay(5) },
    );
    const ogm = (proposed.data?.debtorProposePaymentPlan as Gql).paymentReference.ogm as string;
    expect(proposed.data?.debtorProposePaymentPlan).toEqual({
      status: 'agreed',
      paymentReference: { ogm: expect.stringMatching(/^\+\+\+9/) },
    });
    await system.graphql(`mutation($t:String!,$d:String!){ debtorPromiseToPay(token:$t, amountMinor:"10000", dueOn:$d){ status } }`, {
      t: promiseToken,
      d: agencyDay(7),
    });

    // Opened again (a reload): each link shows its own arrangement, and only its own.
    const again = await system.graphql(ARRANGED, { t: planToken });
    expect(again.data?.debtorArrangements).toMatchObject({
      paymentPlan: { status: 'agreed', totalMinor: '60000', paymentReference: { ogm } },
      promise: null,
    });
    expect((again.data?.debtorArrangements as Gql).paymentPlan.instalments).toHaveLength(3);
    const promised = await system.graphql(ARRANGED, { t: promiseToken });
    expect(promised.data?.debtorArrangements).toEqual({
      paymentPlan: null,
      promise: { amountMinor: '10000', dueOn: agencyDay(7), status: 'open' },
    });
    // The promise is confirmed to the debtor, once (as the plan was).
    await eventually(async () => {
      if ((await mailsTo(`piet+${run}@example.org`, /^Confirmation of your promise to pay/)).length === 0) throw new Error('not yet');
    }, 30000);
    await deliverAgain(await published(promiseCase, 'PromiseMade'));
    expect(await sentOfKind(promiseCase, 'promise_confirmation')).toBe(1);
    expect(await mailsTo(`piet+${run}@example.org`, /^Confirmation of your promise to pay/)).toHaveLength(1);
    const wrong = await system.graphql(ARRANGED, { t: 'A'.repeat(22) });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(wrong.data?.debtorArrangements ?? null).toBeNull();

    // A CAMT.053 credit of €200 quoting the plan's OGM: matched to the plan's case without a human.
    const parsed = parseOgm(ogm)!;
    const camt = [
      ...camt053Chunks(`PLAN-${run}`, [
        {
          statementId: `PLAN-${run}`,
          sequence: '1',
          account: { iban: 'BE68539007547034', number: 'BE68539007547034', holderName: 'AMICUS', bic: null },
          currency: 'EUR',
          openingBalance: { amount: { amountMinor: 0n, currency: 'EUR' }, date: agencyDay(-1) },
          closingBalance: { amount: { amountMinor: 20000n, currency: 'EUR' }, date: agencyDay() },
          entries: [
            {
              bankReference: `PLAN${run}`,
              bookingDate: agencyDay(),
              valueDate: agencyDay(),
              amount: { amountMinor: 20000n, currency: 'EUR' },
              direction: 'credit',
              reversal: false,
              counterparty: { name: `Paula Page ${run}`, iban: 'BE71096123456769', bic: null },
              structuredReference: { scheme: 'ogm', electronic: parsed.digits, formatted: parsed.formatted, source: 'structured' },
              remittanceText: null,
              endToEndId: `PLAN-${run}`,
              batch: null,
            },
          ],
        },
      ]),
    ].join('');
    const imported = await gql(
      `mutation($i:ImportBankStatementInput!){ importBankStatement(input:$i){ imported entries matched unmatched } }`,
      { i: { fileName: 'plan.xml', contentText: camt } },
      admin,
    );
    expect(imported.importBankStatement).toMatchObject({ imported: true, entries: 1, matched: 1, unmatched: 0 });
    const paid = await gql(
      `query($id:ID!){ case(id:$id){ paymentPlan { paidMinor instalments { seq status } } } }`,
      { id: planCase },
      admin,
    );
    expect(paid.case.paymentPlan.paidMinor).toBe('20000');
    expect(paid.case.paymentPlan.instalments[0]).toEqual({ seq: 1, status: 'paid' });
  }, 180000);
});
