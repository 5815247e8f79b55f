import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DEMO_USERS, loadDemoData } from '@amicus/cli';
import { startSmtpServer } from '@amicus/test-smtp';
import { runCliAsync } from './support/cli';
import { eventually, SystemUnderTest } from './support/system';
import { zoneWhereItIs } from './support/fixtures';

/**
 * #16 §2–§4 through the whole system: a demo case whose formal notice has run out, with
 * communications sent by the communications service, is proposed, approved by the client and
 * accepted by legal staff; its dossier holds every communication of the case (the same count,
 * the same SHA-256 as communications' own evidence) and the engine's statement; a client user
 * and an agent are refused it; then the proceedings: a hearing reminded to legal staff, a
 * judicial cost, the judgment, and a payment after it allocated by the judgment's terms.
 */
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let system: SystemUnderTest;

type Gql = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers read by shape

async function gql(query: string, variables: object, token: string): Promise<Gql> {
  const res = await system.graphql<Gql>(query, variables, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}

async function login(user: { email: string; password: string }): Promise<string> {
  return (await gql('mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', { e: user.email, p: user.password }, ''))
    .login.token;
}

/** A day counted from the agency's today (its calendar: Europe/Brussels). */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Europe/Brussels' });

let admin: string;
let legal: string;
let client: string;
let agent: string;
let caseId: string;
let amicableCase: string;
let db: Client;

beforeAll(async () => {
  // A real SMTP server on loopback takes the e-mails communications sends.
  smtp = await startSmtpServer();
  system = new SystemUnderTest('e2e_dossier', 19700, {
    KAFKA_TOPIC_PREFIX: 'e2e_dossier.',
    SMTP_PORT: String(smtp.port),
    PDF_POOL_SIZE: '1',
    SCHEDULER_INTERVAL_MS: '200',
  });
  await system.resetDatabase();
  await system.startAll();
  await loadDemoData(system.gatewayUrl, () => undefined);
  [admin, legal, client, agent] = await Promise.all([DEMO_USERS.admin, DEMO_USERS.legal, DEMO_USERS.client, DEMO_USERS.agent].map(login));
  db = new Client({ connectionString: system.databaseUrl });
  await db.connect();
  const rows: { id: string }[] = (
    await db.query(
      `SELECT c.id FROM cases.cases c JOIN cases.debtors d ON d.id = c.debtor_id
        WHERE c.client_id = (SELECT client_id FROM cases.users WHERE email = $1) AND d.country = 'BE' AND c.phase IN ('placed', 'amicable')
          AND c.open_minor > 50000 AND NOT EXISTS (SELECT 1 FROM cases.disputes x WHERE x.case_id = c.id)
          -- The test e-mails the debtor: 4 in 10 demo debtors have no e-mail address (SMS or letter only).
          AND cardinality(d.emails) > 0
        ORDER BY c.id LIMIT 2`,
      [DEMO_USERS.client.email],
    )
  ).rows;
  [caseId, amicableCase] = rows.map((r) => r.id) as [string, string];
  // The first reminder and formal notice the client's file shows as sent weeks ago: every term run out.
  await db.query(`UPDATE cases.cases SET phase = 'amicable' WHERE id = $1`, [caseId]);
  for (const [kind, days] of [
    ['first_reminder', 70],
    ['formal_notice', 40],
  ] as const)
    await db.query(
      `INSERT INTO cases.contact_history (id, case_id, kind, channel, at, complete) VALUES ($1, $2, $3, 'email', now() - make_interval(days => $4), true)`,
      [crypto.randomUUID(), caseId, kind, days],
    );
}, 240000);

afterAll(async () => {
  await db?.end();
  await system?.stopAll();
  await smtp?.close();
});

/** What communications itself holds of the case's sent messages: id → SHA-256 of its evidence. */
async function sentByCommunications(): Promise<Map<string, string>> {
  const list = (await gql('query($id:ID!){ communications(caseId:$id){ id status evidence { sha256 } } }', { id: caseId }, admin))
    .communications as { id: string; status: string; evidence: { sha256: string } | null }[];
  return new Map(list.filter((c) => c.evidence).map((c) => [c.id, c.evidence!.sha256]));
}

describe('from an accepted escalation to the dossier, the judgment and a payment after it', () => {
  it('sends real communications, and the case goes proposed → approved → accepted into legal', async () => {
    // The debtor lives where it is midday now, so the contact window is open for this run.
    const debtorId = (await gql('query($id:ID!){ case(id:$id){ debtor { id } } }', { id: caseId }, admin)).case.debtor.id;
    await gql('mutation($i:UpdateDebtorInput!){ updateDebtor(input:$i){ id } }', { i: { debtorId, timeZone: zoneWhereItIs(12) } }, admin);
    await eventually(async () => {
      const zone = (await db.query(`SELECT time_zone FROM communications.case_contacts WHERE case_id = $1`, [caseId])).rows[0]?.time_zone;
      expect(zone).toBe(zoneWhereItIs(12));
    }, 20000);
    for (const kind of ['reminder', 'payment_receipt'])
      await gql(
        'mutation($i:SendCommunicationInput!){ sendCommunication(input:$i){ id status } }',
        { i: { caseId, kind, channel: 'email' } },
        admin,
      );
    await eventually(async () => {
      const sent = await sentByCommunications();
      if (sent.size < 2)
        throw new Error(
          `sent: ${JSON.stringify((await gql('query($id:ID!){ communications(caseId:$id){ kind status refusal { code reason } } }', { id: caseId }, admin)).communications)}`,
        );
    }, 30000);
    await gql(
      'mutation($id:ID!){ proposeEscalation(caseId:$id, reason:"no reaction to the formal notice"){ caseId } }',
      { id: caseId },
      admin,
    );
    await gql('mutation($id:ID!){ approveEscalation(caseId:$id){ caseId } }', { id: caseId }, client);
    const accepted = await gql('mutation($id:ID!){ acceptEscalation(caseId:$id){ proposal { status } } }', { id: caseId }, legal);
    expect(accepted.acceptEscalation.proposal.status).toBe('accepted');
    const c = await gql(
      'query($id:ID!){ case(id:$id){ phase legalRoute { route { id source } considered { id fits reason } } } }',
      { id: caseId },
      legal,
    );
    expect(c.case.phase).toBe('legal');
    expect(c.case.legalRoute.route.source).toMatch(/Judicial Code/);
  }, 120000);

  it('refuses the dossier to a client user and an agent, and to legal staff for a case outside the legal phases', async () => {
    for (const token of [client, agent]) {
      const res = await system.graphql<Gql>('query($id:ID!){ legalDossier(caseId:$id){ pdfBase64 } }', { id: caseId }, token);
      expect(res.errors?.[0]?.extensions?.code ?? res.errors?.[0]?.message).toMatch(/FORBIDDEN|forbidden/i);
      expect(res.data?.legalDossier ?? null).toBeNull();
    }
    const outside = await system.graphql<Gql>('query($id:ID!){ legalDossier(caseId:$id){ pdfBase64 } }', { id: amicableCase }, legal);
    expect(JSON.stringify(outside.errors)).toMatch(/not found/);
  });

  it('gives legal staff a dossier with every communication of the case (same count, same hashes) and the engine’s statement', async () => {
    const expected = await sentByCommunications();
    const dossier = await eventually(async () => {
      const d = (
        await gql(
          'query($id:ID!){ legalDossier(caseId:$id){ dossierId pdfBase64 pdfSha256 package language routeId communications } }',
          { id: caseId },
          legal,
        )
      ).legalDossier;
      const p = JSON.parse(d.package);
      expect(p.communications.every((c: { sha256: string | null }) => c.sha256 !== null)).toBe(true);
      expect(d.communications).toBe(expected.size);
      return { ...d, p };
    }, 30000);
    const inDossier = new Map<string, string>(dossier.p.communications.map((c: { id: string; sha256: string }) => [c.id, c.sha256]));
    expect(inDossier).toEqual(expected);
    // The statement is the engine's (assessCase, the same day): every amount and line.
    const engine = (
      await gql(
        'query($id:ID!){ assessCase(caseId:$id, step:"hand_to_legal"){ statement { currency principalMinor interestMinor damagesMinor paidMinor totalMinor complete lines { kind label date claimId amountMinor explanation rule source } } } }',
        { id: caseId },
        legal,
      )
    ).assessCase.statement;
    const { asOf: _asOf, problems: _problems, ...ours } = dossier.p.statement;
    expect(ours).toEqual(engine);
    // The PDF as issued: its hash, in the court's language; the package names the route with its source.
    const pdf = Buffer.from(dossier.pdfBase64, 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(dossier.pdfSha256);
    expect(['nl', 'fr', 'de']).toContain(dossier.language);
    expect(dossier.p.route.source.length).toBeGreaterThan(10);
    expect(dossier.p.annexes.filter((a: { section: string }) => a.section === 'communications')).toHaveLength(expected.size);
    // Issued through the outbox, and on the case's audit trail.
    const events = (await db.query(`SELECT envelope FROM cases.outbox WHERE type = 'DossierIssued' AND key = $1`, [caseId])).rows;
    expect(events.map((e) => e.envelope.payload)).toEqual([
      expect.objectContaining({ dossierId: dossier.dossierId, pdfSha256: dossier.pdfSha256, communications: expected.size }),
    ]);
    const history = (await gql('query($id:ID!){ case(id:$id){ history { action } } }', { id: caseId }, legal)).case.history;
    expect(history.map((h: { action: string }) => h.action)).toContain('dossier_issued');
  }, 60000);

  it('writes the dossier with `amicus legal dossier CASE_ID -o FILE`: the PDF and its package beside it', async () => {
    const file = path.join(tmpdir(), `dossier-${process.pid}.pdf`);
    const env = { DATABASE_URL: system.databaseUrl, KAFKA_TOPIC_PREFIX: 'e2e_dossier.' };
    const r = await runCliAsync(['legal', 'dossier', caseId, '-o', file], { env });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/pages, \d+ bytes, in (nl|fr|de); route BE-R-\d/);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    const p = JSON.parse(readFileSync(file.replace(/\.pdf$/, '.json'), 'utf8'));
    expect(p.communications.map((c: { sha256: string }) => c.sha256).sort()).toEqual([...(await sentByCommunications()).values()].sort());
    const missing = await runCliAsync(['legal', 'dossier', amicableCase], { env });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/legal phases/);
  }, 60000);

  it('tracks the proceedings: a hearing reminded to legal staff, a judicial cost, the judgment, and a payment after it by its terms', async () => {
    await gql(
      'mutation($id:ID!){ openProceeding(caseId:$id, court:"Vredegerecht Gent", reference:"24A123"){ caseId } }',
      { id: caseId },
      legal,
    );
    const entry = 'mutation($i:ProceedingEntryInput!){ addProceedingEntry(input:$i){ entries { id kind remindOn } } }';
    await gql(entry, { i: { caseId, kind: 'hearing', on: day(3), description: 'introductory hearing' } }, legal);
    await gql(entry, { i: { caseId, kind: 'judicial_cost', on: day(0), description: 'roll fee', amountMinor: '5000' } }, legal);
    const bad = await system.graphql<Gql>(entry, { i: { caseId, kind: 'judicial_cost', on: day(0), description: 'no amount' } }, legal);
    expect(JSON.stringify(bad.errors)).toMatch(/amountMinor/);
    const reminders = (await gql('{ proceedingReminders { caseId kind on description } }', {}, legal)).proceedingReminders;
    expect(reminders).toEqual([expect.objectContaining({ caseId, kind: 'hearing', on: day(3) })]);
    const refused = await system.graphql<Gql>('{ proceedingReminders { caseId } }', {}, client);
    expect(JSON.stringify(refused.errors)).toMatch(/forbidden|FORBIDDEN/);

    const principal = 100_000n;
    const judged = await gql(
      'mutation($i:JudgmentInput!){ recordJudgment(input:$i){ judgment { principalMinor } balance { totalMinor } } }',
      {
        i: {
          caseId,
          judgedOn: day(-30),
          court: 'Vredegerecht Gent',
          principalMinor: String(principal),
          costsMinor: '15000',
          interestRatePercent: '8',
          interestFrom: day(-30),
        },
      },
      legal,
    );
    expect(judged.recordJudgment.judgment.principalMinor).toBe('100000');
    await gql(
      'mutation($i:RecordPaymentInput!){ recordPayment(input:$i){ id } }',
      { i: { caseId, amountMinor: '25000', receivedOn: day(0), source: 'bank' } },
      admin,
    );
    const balance = (
      await gql(
        'query($id:ID!){ case(id:$id){ proceeding { balance { rule costsMinor interestMinor principalMinor payments { amountMinor costsMinor interestMinor principalMinor } } } } }',
        { id: caseId },
        legal,
      )
    ).case.proceeding.balance;
    // Costs first (15,000 awarded + 5,000 recorded), then the interest of 30 days at 8% on 1,000.00 (6.58), then principal.
    const interest = (principal * 8n * 30n * 2n + 36500n) / (36500n * 2n);
    expect(balance.payments).toEqual([
      { amountMinor: '25000', costsMinor: '20000', interestMinor: String(interest), principalMinor: String(5000n - interest) },
    ]);
    expect(balance).toMatchObject({
      rule: 'JDG-ALLOC',
      costsMinor: '0',
      interestMinor: '0',
      principalMinor: String(principal - (5000n - interest)),
    });
    const types = (
      await db.query(`SELECT type FROM cases.outbox WHERE key = $1 AND type IN ('ProceedingUpdated', 'JudgmentRecorded') ORDER BY seq`, [
        caseId,
      ])
    ).rows;
    expect(types.map((t) => t.type)).toEqual(['ProceedingUpdated', 'ProceedingUpdated', 'ProceedingUpdated', 'JudgmentRecorded']);
  }, 60000);
});
