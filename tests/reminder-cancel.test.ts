import { simpleParser } from 'mailparser';
import type { DataSource } from 'typeorm';
import { openCasesDataSource, schedulerPass, standaloneContext } from '@amicus/cases';
import { startSmtpServer } from '@amicus/test-smtp';
import { session, type Gql } from './support/session';
import { zoneWhereItIs } from './support/fixtures';
import { SystemUnderTest, eventually } from './support/system';

/**
 * An instalment reminder already queued is overtaken by the money (issue 11): two debtors with a
 * payment plan each, in a zone where it is night, so that the reminders the scheduler's tick asks
 * for three days before their first instalment wait for the contact window (scheduled, not sent).
 * One debtor pays the instalment then: its reminder is cancelled, with the reason on the case's
 * communications, and never leaves — when the window opens for both (their zone moved to one where
 * it is midday), the other debtor's reminder goes out by e-mail and the payer gets none.
 */
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let system: SystemUnderTest;
let ds: DataSource;
let gql: ReturnType<typeof session>['gql'];
let login: ReturnType<typeof session>['login'];
let admin = '';
const run = crypto.randomUUID().slice(0, 8);
const PREFIX = 'e2e_reminder_cancel.';

beforeAll(async () => {
  smtp = await startSmtpServer();
  system = new SystemUnderTest('e2e_reminder_cancel', 20800, {
    KAFKA_TOPIC_PREFIX: PREFIX,
    SMTP_PORT: String(smtp.port),
    SCHEDULER_INTERVAL_MS: '200',
  });
  await system.resetDatabase();
  await system.startAll(['gateway', 'cases', 'communications']);
  ({ gql, login } = session(system));
  admin = await login('admin@amicus.local', 'amicus-admin');
  ds = await openCasesDataSource(system.databaseUrl, 2);
}, 150000);

afterAll(async () => {
  await ds?.destroy();
  await system?.stopAll();
  await smtp?.close();
}, 60000);

/** A pass of the cases scheduler (its plans' tick included), as its timer runs it. */
const pass = () =>
  schedulerPass(ds, standaloneContext({ timeZone: 'Europe/Brussels', agencyRegistration: 'FPS-ECO-2024-0117', topicPrefix: PREFIX }));

const agencyDay = (plusDays = 0) =>
  new Date(Date.now() + plusDays * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Europe/Brussels' });

async function belgianClient(): Promise<string> {
  const clientId = (
    await gql('mutation($i:CreateClientInput!){ createClient(input:$i){ id } }', { i: { name: `Cancel ${run}`, country: 'BE' } }, admin)
  ).createClient.id as string;
  const brandId = (
    await gql(
      'mutation($i:CreateBrandInput!){ createBrand(input:$i){ id } }',
      { i: { clientId, name: `Cancel brand ${run}`, languages: ['en'], email: `pay+${run}@cancel.example`, phone: '+3231234567' } },
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
  return clientId;
}

/** A debtor's case of €600 (due long ago) in `zone`, known to communications; its case and debtor ids. */
async function placeCase(clientId: string, name: string, email: string, zone: string): Promise<{ caseId: string; debtorId: string }> {
  const claim = {
    debtorName: name,
    clientDebtorReference: `R-${name}`,
    email,
    addressLine1: 'Kerkstraat 12',
    postcode: '2000',
    city: 'Antwerpen',
    country: 'BE',
    language: 'en',
    invoiceNumber: `RC-${run}-${name.split(' ')[0]}`,
    issueDate: '2025-01-01',
    dueDate: '2025-02-01',
    amount: '600.00',
    currency: 'EUR',
  };
  await gql('mutation($i:PlaceClaimsInput!){ placeClaims(input:$i){ imported } }', { i: { clientId, claims: [claim] } }, admin);
  const found = await gql('query($f:CaseFilterInput){ cases(filter:$f){ nodes { id debtor { id name } } } }', { f: { clientId } }, admin);
  const c = (found.cases.nodes as Gql[]).find((x) => x.debtor.name === name)!;
  await eventually(async () => {
    const [row] = await ds.query(`SELECT 1 FROM communications.case_contacts WHERE case_id = $1`, [c.id]);
    if (!row) throw new Error('case not known to communications yet');
  }, 30000);
  await moveDebtor(c.id, c.debtor.id, zone);
  return { caseId: c.id, debtorId: c.debtor.id };
}

async function moveDebtor(caseId: string, debtorId: string, zone: string): Promise<void> {
  await gql('mutation($i:UpdateDebtorInput!){ updateDebtor(input:$i){ id } }', { i: { debtorId, timeZone: zone } }, admin);
  await eventually(async () => {
    const [row] = await ds.query(`SELECT 1 FROM communications.case_contacts WHERE case_id = $1 AND time_zone = $2`, [caseId, zone]);
    if (!row) throw new Error('zone not known to communications yet');
  }, 30000);
}

/** A plan of two €300 instalments, the first two days off and reminded of by the tick now (as if agreed days ago). */
async function planReminded(caseId: string): Promise<void> {
  const agreed = await gql(
    'mutation($i:ProposePaymentPlanInput!){ proposePaymentPlan(input:$i){ id status } }',
    { i: { caseId, count: 2, firstDueOn: agencyDay(10) } },
    admin,
  );
  expect(agreed.proposePaymentPlan.status).toBe('agreed');
  await ds.query(
    `UPDATE cases.payment_plans SET instalments = jsonb_set(instalments, '{0,dueOn}', to_jsonb($2::text)), remind_at = now(),
            decided_at = decided_at - interval '5 days' WHERE id = $1`,
    [agreed.proposePaymentPlan.id, agencyDay(2)],
  );
}

const REMINDER = /^Reminder: your instalment falls due/;

async function mailsTo(address: string, subject: RegExp) {
  const arrived = smtp.arrived.filter((m) => m.envelope.rcptTo.some((r) => r.address === address));
  return (await Promise.all(arrived.map((m) => simpleParser(m.raw)))).filter((m) => subject.test(m.subject ?? ''));
}

const reminderOf = async (caseId: string) =>
  (
    await ds.query(`SELECT id, status, refusal FROM communications.communications WHERE case_id = $1 AND kind = 'instalment_reminder'`, [
      caseId,
    ])
  )[0] as { id: string; status: string; refusal: Gql | null } | undefined;

describe('an instalment reminder queued before the instalment is paid', () => {
  it('is cancelled with its reason when the instalment is paid, and never sent; the unpaid one goes out', async () => {
    const clientId = await belgianClient();
    const night = zoneWhereItIs(2);
    const payer = { email: `paz+${run}@example.org`, ...(await placeCase(clientId, `Paz Payer ${run}`, `paz+${run}@example.org`, night)) };
    const other = { email: `oli+${run}@example.org`, ...(await placeCase(clientId, `Oli Open ${run}`, `oli+${run}@example.org`, night)) };
    await planReminded(payer.caseId);
    await planReminded(other.caseId);
    await pass();
    await pass();

    // Both reminders queued, held by the contact window (the debtors' night).
    await eventually(
      async () => {
        for (const c of [payer, other]) if ((await reminderOf(c.caseId))?.status !== 'scheduled') throw new Error('not held yet');
      },
      30000,
      250,
    );
    expect((await reminderOf(payer.caseId))!.refusal).toMatchObject({ waitsFor: 'time' });

    // The payer pays its first instalment (€300) before the window opens.
    const paid = await gql(
      'mutation($i:RecordPaymentInput!){ recordPayment(input:$i){ id } }',
      { i: { caseId: payer.caseId, amountMinor: '30000', receivedOn: agencyDay(), source: 'bank' } },
      admin,
    );
    expect(paid.recordPayment.id).toBeTruthy();
    await eventually(
      async () => {
        if ((await reminderOf(payer.caseId))?.status !== 'cancelled') throw new Error('not cancelled yet');
      },
      30000,
      250,
    );
    // On the case's communications: cancelled, with why.
    const listed = await gql(
      'query($c:ID!){ communications(caseId:$c){ kind status refusal { code reason rule waitsFor } } }',
      { c: payer.caseId },
      admin,
    );
    const reminder = (listed.communications as Gql[]).find((c) => c.kind === 'instalment_reminder');
    expect(reminder).toMatchObject({
      status: 'cancelled',
      refusal: { code: 'instalment_paid', rule: 'AMICUS-PLAN', waitsFor: 'nothing' },
    });
    expect(reminder!.refusal.reason).toMatch(/^instalment 1 of the payment plan \(EUR 300\.00 due on .*\) is paid: payment of EUR 300\.00/);
    const [cancelled] = await ds.query(
      `SELECT count(*)::int AS n FROM communications.outbox WHERE type = 'CommunicationCancelled' AND envelope->'payload'->>'communicationId' = $1`,
      [(await reminderOf(payer.caseId))!.id],
    );
    expect(cancelled.n).toBe(1);
    // The other debtor's reminder still waits.
    expect((await reminderOf(other.caseId))!.status).toBe('scheduled');

    // The window opens for both: the unpaid one goes out, the paid one does not.
    const midday = zoneWhereItIs(12);
    await moveDebtor(payer.caseId, payer.debtorId, midday);
    await moveDebtor(other.caseId, other.debtorId, midday);
    await ds.query(`UPDATE communications.communications SET not_before = now() WHERE case_id = ANY($1::uuid[]) AND status = 'scheduled'`, [
      [payer.caseId, other.caseId],
    ]);
    const [sent] = await eventually(
      async () => {
        const found = await mailsTo(other.email, REMINDER);
        if (found.length === 0) throw new Error('no reminder yet');
        return found;
      },
      30000,
      250,
    );
    expect(sent!.text).toContain('€300.00');
    expect((await reminderOf(other.caseId))!.status).not.toBe('cancelled');
    // Everything the payer was due is out by now (its plan's confirmation, held as the reminders were); no reminder among it.
    await eventually(async () => {
      if ((await mailsTo(payer.email, /^Confirmation of your payment plan/)).length === 0) throw new Error('no confirmation yet');
    }, 30000);
    expect(await mailsTo(payer.email, REMINDER)).toHaveLength(0);
    expect((await reminderOf(payer.caseId))!.status).toBe('cancelled');
  }, 240000);
});
