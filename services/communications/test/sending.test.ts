import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { simpleParser } from 'mailparser';
import { PDFDocument } from 'pdf-lib';
import { Client } from 'pg';
import { DEV_SECRETS, GATEWAY_ASSERTION_HEADER, Identity, signGatewayAssertion } from '@amicus/auth';
import {
  BrandCreated,
  CaseClosed,
  CaseHeld,
  CaseHoldReleased,
  CaseOpened,
  ClaimPlaced,
  ClaimRecalled,
  ClientOnboarded,
  CommunicationRequested,
  CommunicationRequestedV2,
  DebtorUpdated,
  createEvent,
  topicOf,
  type CaseOutcome,
  type CommunicationCancelledV1,
  type CommunicationRequestedV1,
  type EventEnvelope,
} from '@amicus/events';
import { bootstrapSubgraph, createLogger } from '@amicus/service-runtime';
import { AppModule, COMMUNICATIONS_SCHEMA } from '../src/app.module';
import { Clock, addDays, instantAt } from '@amicus/calendar';
import { mountDeliveryReceipts } from '../src/communications/delivery-receipts';
import { readCommunicationsConfig } from '../src/config';
import { DEFAULT_TEMPLATES } from '../src/templates/default-templates/default-templates';
import { startMessagingProvider, startSmtpServer, zoneWhereItIs } from './loopback-parties';

/**
 * The communications service as it runs: its own database, real Postgres and Kafka, a real SMTP
 * server and a messaging provider on loopback. Events come in on Kafka as cases would publish
 * them; everything else is asked through GraphQL (with a gateway assertion) or the tables.
 */
const DB = `amicus_comms_it_${process.pid}`;
const DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${DB}`;
const PORT = 14391;
const RECEIPT_SECRET = 'it-receipt-secret';
const GATEWAY_SECRET = 'it-gateway-secret';
const ADMIN: Identity = { subject: 'admin-1', role: 'agency_admin', clientId: null, brandIds: [], email: 'admin@amicus.local' };

let app: NestExpressApplication;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let provider: Awaited<ReturnType<typeof startMessagingProvider>>;
let producer: Producer;
let db: Client;
let printDir: string;
const clientId = crypto.randomUUID();
/** Addresses unique to this run: the shared topics replay earlier runs' requests to a fresh group. */
const run = clientId.slice(0, 8);
const mailbox = (name: string) => `${name}+${run}@example.org`;
const brandId = crypto.randomUUID();
/** Topics of this run's own: a fresh group on shared topics would replay (and send again) every earlier run's requests. */
const TOPIC_PREFIX = `comms-it-${run}.`;

async function eventually<T>(check: () => Promise<T>, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

async function gql<T = Record<string, unknown>>(query: string, variables: object = {}, identity: Identity = ADMIN) {
  const res = await fetch(`http://127.0.0.1:${PORT}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [GATEWAY_ASSERTION_HEADER]: signGatewayAssertion(identity, DEV_SECRETS.gatewayPrivateKey, 'communications'),
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function publish(...events: EventEnvelope[]): Promise<void> {
  for (const e of events)
    await producer.send({ topic: TOPIC_PREFIX + topicOf(e), messages: [{ key: e.aggregateId, value: JSON.stringify(e) }] });
}

const now = () => app.get(Clock).now();

/** A case opened by cases, with one claim (or `claims`), for a debtor whose local time is `hour` o'clock. */
async function openCase(
  debtor: { emails?: string[]; phones?: string[]; preferredChannel?: 'email' | 'sms' | 'letter' | null; hour?: number; name?: string } = {},
  claims: { invoiceNumber: string; principalMinor: string; dueDate?: string }[] = [
    { invoiceNumber: 'F2025-0042', principalMinor: '43850' },
  ],
): Promise<string> {
  const caseId = crypto.randomUUID();
  await publish(
    createEvent(CaseOpened, {
      aggregateId: caseId,
      clientId,
      payload: {
        caseId,
        clientId,
        brandId,
        debtorId: crypto.randomUUID(),
        currency: 'EUR',
        placementId: null,
        debtor: {
          kind: 'consumer',
          name: debtor.name ?? 'Jan Peeters',
          country: 'BE',
          language: 'nl',
          timeZone: zoneWhereItIs(debtor.hour ?? 12, now()),
          vatNumber: null,
          emails: debtor.emails ?? ['jan.peeters@example.org'],
          phones: debtor.phones ?? ['+32470123456'],
          addresses: [{ lines: ['Kerkstraat 12'], postcode: '2000', city: 'Antwerpen', country: 'BE' }],
          preferredChannel: debtor.preferredChannel ?? 'email',
        },
      },
    }),
    ...claims.map((claim) =>
      createEvent(ClaimPlaced, {
        aggregateId: caseId,
        clientId,
        payload: {
          caseId,
          claimId: crypto.randomUUID(),
          clientId,
          issueDate: '2025-01-02',
          dueDate: '2025-02-01',
          ...claim,
          currency: 'EUR',
          description: 'Herstelling fiets',
          placementId: null,
        },
      }),
    ),
  );
  await eventually(async () => {
    const { rows } = await db.query(`SELECT claims FROM communications.case_contacts WHERE case_id = $1`, [caseId]);
    if (rows[0]?.claims.length !== claims.length) throw new Error('case not consumed yet');
  });
  return caseId;
}

/** As cases asks: @1 for the kinds it has always asked for, @2 for a pre-due reminder (communications reads both). */
async function requestCommunication(
  caseId: string,
  channel: 'email' | 'sms' | 'letter' | 'preferred',
  kind: 'reminder' | 'first_reminder' | 'pre_due_reminder' = 'reminder',
  amounts: CommunicationRequestedV1['amounts'] = null,
): Promise<string> {
  const requestId = crypto.randomUUID();
  const fields = { aggregateId: caseId, clientId };
  const payload = { requestId, caseId, clientId, brandId, channel, requestedBy: 'scenario:step-1', amounts };
  const event =
    kind === 'pre_due_reminder'
      ? createEvent(CommunicationRequestedV2, { ...fields, payload: { ...payload, kind } })
      : createEvent(CommunicationRequested, { ...fields, payload: { ...payload, kind } });
  await publish(event, event); // delivered twice: recorded once
  return eventually(async () => {
    const { rows } = await db.query(`SELECT id FROM communications.communications WHERE request_id = $1`, [requestId]);
    if (rows.length !== 1) throw new Error('request not consumed yet');
    return rows[0].id as string;
  });
}

/** What cases publishes when an agent holds, releases or closes a case, or the client recalls a claim. */
const actor = 'user:agent-1';
const caseChange = {
  held: (caseId: string, until: string, reason: string) =>
    createEvent(CaseHeld, { aggregateId: caseId, clientId, payload: { caseId, until, reason, actor } }),
  released: (caseId: string) =>
    createEvent(CaseHoldReleased, { aggregateId: caseId, clientId, payload: { caseId, reason: 'the debtor is back', actor } }),
  closed: (caseId: string, outcome: CaseOutcome) =>
    createEvent(CaseClosed, {
      aggregateId: caseId,
      clientId,
      payload: { caseId, outcome, reason: 'closed by the agent', balanceMinor: '0', currency: 'EUR', actor },
    }),
  recalled: (caseId: string, claimId: string) =>
    createEvent(ClaimRecalled, {
      aggregateId: caseId,
      clientId,
      payload: { caseId, claimId, balanceMinor: '10000', currency: 'EUR', reason: 'the client settled it', actor },
    }),
};

/** The case as communications keeps it, once `ready` says the events sent so far are in. */
async function caseContact(caseId: string, ready: (row: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return eventually(async () => {
    const { rows } = await db.query(`SELECT *, hold_ends::text AS hold_ends FROM communications.case_contacts WHERE case_id = $1`, [
      caseId,
    ]);
    if (!rows[0] || !ready(rows[0])) throw new Error('case change not consumed yet');
    return rows[0];
  });
}

/** The CommunicationCancelled events in the outbox about one communication. */
async function cancellationsOf(communicationId: string): Promise<CommunicationCancelledV1[]> {
  const { rows } = await db.query(
    `SELECT envelope FROM communications.outbox WHERE type = 'CommunicationCancelled' AND envelope->'payload'->>'communicationId' = $1`,
    [communicationId],
  );
  return rows.map((r: { envelope: EventEnvelope<CommunicationCancelledV1> }) => r.envelope.payload);
}

const mailTo = (address: string) => smtp.arrived.filter((a) => a.envelope.rcptTo.some((r) => r.address === address));

async function statusOf(id: string, wanted: string): Promise<Record<string, unknown>> {
  return eventually(async () => {
    const { rows } = await db.query(`SELECT * FROM communications.communications WHERE id = $1`, [id]);
    if (rows[0]?.status !== wanted) throw new Error(`status ${rows[0]?.status}, waiting for ${wanted}`);
    return rows[0];
  });
}

beforeAll(async () => {
  const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
  smtp = await startSmtpServer();
  provider = await startMessagingProvider(RECEIPT_SECRET);
  printDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amicus-print-'));
  const config = readCommunicationsConfig({
    PORT: String(PORT),
    DATABASE_URL,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    KAFKA_GROUP_PREFIX: `comms-it-${Date.now()}.`,
    KAFKA_TOPIC_PREFIX: TOPIC_PREFIX,
    GATEWAY_SECRET,
    SMTP_PORT: String(smtp.port),
    MESSAGING_BASE_URL: provider.url,
    MESSAGING_RECEIPT_SECRET: RECEIPT_SECRET,
    MESSAGING_CALLBACK_URL: `http://127.0.0.1:${PORT}/webhooks/messaging/receipts`,
    PRINT_OUTPUT_DIR: printDir,
    PRINT_BATCH_INTERVAL_MS: '400',
    SCHEDULER_INTERVAL_MS: '100',
    RETRY_BASE_DELAY_MS: '100',
    RETRY_MAX_ATTEMPTS: '2',
    PDF_POOL_SIZE: '1',
  });
  const log = createLogger('communications-it');
  log.level = 'warn';
  app = await bootstrapSubgraph(AppModule.with(config, log), {
    service: 'communications',
    schema: COMMUNICATIONS_SCHEMA,
    config,
    log,
    configure: mountDeliveryReceipts,
  });
  db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const kafka = new Kafka({ clientId: 'comms-it', brokers: [config.KAFKA_BROKERS], logLevel: logLevel.NOTHING });
  producer = kafka.producer();
  await producer.connect();
  await publish(
    createEvent(ClientOnboarded, {
      aggregateId: clientId,
      clientId,
      payload: { clientId, name: 'Fietsen Vermeulen BV', country: 'BE', enterpriseNumber: 'BE 0123.456.749', sme: true },
    }),
    createEvent(BrandCreated, {
      aggregateId: clientId,
      clientId,
      payload: {
        brandId,
        clientId,
        name: 'Fietsen Vermeulen',
        languages: ['nl', 'fr'],
        email: 'betalingen@fietsenvermeulen.example',
        phone: '+3231234568',
      },
    }),
  );
  await eventually(async () => {
    const { rows } = await db.query(`SELECT 1 FROM communications.brand_looks WHERE brand_id = $1`, [brandId]);
    if (!rows.length) throw new Error('brand not consumed yet');
  }, 60000);
}, 120000);

afterAll(async () => {
  await producer?.disconnect();
  await db?.end();
  await app?.close();
  await smtp?.close();
  await provider?.close();
}, 60000);

describe('communications service, wired', () => {
  it('gives a new brand a default look: its name as sender, its e-mail and phone', async () => {
    const res = await gql<{ brandLooks: { brandId: string; senderName: string; replyEmail: string; languages: string[] }[] }>(
      '{ brandLooks { brandId senderName replyEmail languages } }',
    );
    expect(res.data!.brandLooks.find((b) => b.brandId === brandId)).toEqual({
      brandId,
      senderName: 'Fietsen Vermeulen',
      replyEmail: 'betalingen@fietsenvermeulen.example',
      languages: ['nl', 'fr'],
    });
  });

  it('sends a requested e-mail in the brand look with the debtor data, keeps its exact bytes as evidence and announces it', async () => {
    const updated = await gql('mutation($i:UpdateBrandLookInput!){ updateBrandLook(input:$i){ primaryColor } }', {
      i: { brandId, primaryColor: '#aa3300', footer: 'Fietsen Vermeulen BV – Meir 50' },
    });
    expect(updated).toEqual({ data: { updateBrandLook: { primaryColor: '#aa3300' } } });
    const caseId = await openCase({ name: 'Griet Claes', emails: [mailbox('griet.claes')] });
    const id = await requestCommunication(caseId, 'preferred');
    const row = await statusOf(id, 'sent');
    expect(row).toMatchObject({ channel: 'email', language: 'nl', recipient: mailbox('griet.claes'), template_source: 'built_in' });

    const mail = smtp.arrived.find((a) => a.envelope.rcptTo.some((r) => r.address === mailbox('griet.claes')))!;
    const parsed = await simpleParser(mail.raw);
    expect(parsed.from?.text).toContain('Fietsen Vermeulen');
    expect(parsed.html).toContain('#aa3300');
    expect(parsed.html).toContain('Griet Claes');
    expect(parsed.text).toContain('F2025-0042');

    const evidence = (
      await db.query(
        `SELECT sha256, sent_bytes, legal_decision, context FROM communications.communication_evidence WHERE communication_id = $1`,
        [id],
      )
    ).rows[0];
    const kept = await simpleParser(evidence.sent_bytes);
    expect(kept.messageId).toBe(parsed.messageId);
    expect(kept.html).toBe(parsed.html);
    expect(evidence.legal_decision).toMatchObject({ allowed: true, rule: expect.stringMatching(/^BE-A-4/) });
    expect(evidence.context.debtor.name).toBe('Griet Claes');
    const outbox = await db.query(
      `SELECT envelope FROM communications.outbox WHERE type = 'CommunicationSent' AND envelope->'payload'->>'communicationId' = $1`,
      [id],
    );
    expect(outbox.rows[0].envelope.payload).toMatchObject({
      caseId,
      channel: 'email',
      requestId: row.request_id,
      recipient: mailbox('griet.claes'),
    });

    // The evidence is append-only; and what was sent stays what the debtor's data was then.
    await expect(
      db.query(`UPDATE communications.communication_evidence SET recipient = 'x' WHERE communication_id = $1`, [id]),
    ).rejects.toThrow(/append-only/);
    const res = await gql<{
      communication: { status: string; history: { status: string }[]; evidence: { sha256: string; subject: string } };
    }>('query($id:ID!){ communication(id:$id){ status history { status } evidence { sha256 subject } } }', { id });
    expect(res.data!.communication.status).toBe('sent');
    expect(res.data!.communication.history.map((h) => h.status)).toEqual(['requested', 'sent']);
    expect(res.data!.communication.evidence.sha256).toBe(evidence.sha256);
  });

  it('refuses to activate a template version that lacks a legal mention, naming the rule, and uses an activated brand override', async () => {
    const created = await gql<{ createTemplateVersion: { id: string; version: number } }>(
      'mutation($i:CreateTemplateVersionInput!){ createTemplateVersion(input:$i){ id version } }',
      {
        i: {
          brandId,
          kind: 'first_reminder',
          language: 'nl',
          channel: 'email',
          subject: 'Herinnering {{case.reference}}',
          html: '<p>Beste {{debtor.name}}, betaal {{money amounts.total}} {{debtor.shoeSize}}.</p>',
          text: 'Beste {{debtor.name}}',
        },
      },
    );
    const refused = await gql('mutation($id:ID!){ activateTemplateVersion(id:$id){ id } }', { id: created.data!.createTemplateVersion.id });
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const problems = refused.errors![0].extensions!.problems as { field: string; reason: string }[];
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'debtor.shoeSize' }),
        expect.objectContaining({ field: 'BE-A-1.registration', reason: expect.stringContaining('BE-A-1') }),
      ]),
    );

    const preview = await gql<{ previewTemplate: { valid: boolean; subject: string } }>(
      'query($id:ID!){ previewTemplate(versionId:$id){ valid subject } }',
      { id: created.data!.createTemplateVersion.id },
    );
    expect(preview.data!.previewTemplate.valid).toBe(false);

    const sms = await gql<{ createTemplateVersion: { id: string } }>(
      'mutation($i:CreateTemplateVersionInput!){ createTemplateVersion(input:$i){ id } }',
      {
        i: {
          brandId,
          kind: 'reminder',
          language: 'nl',
          channel: 'sms',
          text: 'Fietsen Vermeulen: {{debtor.name}}, nog {{money amounts.total}} open voor {{case.reference}}. Betaal via {{payment.link}}',
        },
      },
    );
    const activated = await gql<{ activateTemplateVersion: { status: string } }>(
      'mutation($id:ID!){ activateTemplateVersion(id:$id){ status } }',
      { id: sms.data!.createTemplateVersion.id },
    );
    expect(activated.data!.activateTemplateVersion.status).toBe('active');

    // SMS through the provider with the override, then its signed receipt makes it delivered.
    const caseId = await openCase({ name: 'Bart Maes', phones: ['+32470998877'], preferredChannel: 'sms' });
    const id = await requestCommunication(caseId, 'sms');
    const delivered = await statusOf(id, 'delivered');
    expect(delivered.template_version_id).toBe(sms.data!.createTemplateVersion.id);
    const request = provider.requests.find((r) => r.body.reference === id)!;
    expect(request.body).toMatchObject({ to: '+32470998877', body: expect.stringContaining('Bart Maes, nog € 438,50 open') });
    const outbox = await db.query(
      `SELECT 1 FROM communications.outbox WHERE type = 'CommunicationDelivered' AND envelope->'payload'->>'communicationId' = $1`,
      [id],
    );
    expect(outbox.rowCount).toBe(1);
  });

  it('refuses a delivery receipt whose signature does not match', async () => {
    const status = await provider.postReceipt(
      `http://127.0.0.1:${PORT}/webhooks/messaging/receipts`,
      { id: 'SM1', reference: crypto.randomUUID(), status: 'delivered', occurredAt: new Date().toISOString() },
      { secret: 'forged' },
    );
    expect(status).toBe(401);
  });

  it('retries a greylisted e-mail with backoff, then falls back to the debtor next channel', async () => {
    const caseId = await openCase({ emails: [`greylisted+${run}@example.org`], phones: ['+32470112233'], preferredChannel: 'email' });
    const id = await requestCommunication(caseId, 'preferred');
    const failed = await statusOf(id, 'failed');
    expect(failed.attempts).toBe(2);
    const history = failed.history as { status: string; detail: string }[];
    expect(history.map((h) => h.status)).toEqual(['requested', 'scheduled', 'requested', 'failed']);
    expect(history[3].detail).toContain('continues on sms');
    const { rows } = await db.query(`SELECT id FROM communications.communications WHERE fallback_of = $1`, [id]);
    await statusOf(rows[0].id, 'delivered');
    const event = await db.query(
      `SELECT envelope FROM communications.outbox WHERE type = 'CommunicationFailed' AND envelope->'payload'->>'communicationId' = $1`,
      [id],
    );
    expect(event.rows[0].envelope.payload).toMatchObject({ channel: 'email', fallbackChannel: 'sms', bounced: false });
  });

  it('sends a letter as a PDF in a print batch with its manifest, downloadable from the communication', async () => {
    const caseId = await openCase({ preferredChannel: 'letter' });
    const sent = await gql<{ sendCommunication: { id: string; status: string } }>(
      'mutation($i:SendCommunicationInput!){ sendCommunication(input:$i){ id status } }',
      { i: { caseId, kind: 'first_reminder', channel: 'letter' } },
    );
    expect(sent.errors).toBeUndefined();
    const id = sent.data!.sendCommunication.id;
    await statusOf(id, 'sent');
    const res = await gql<{ communication: { pdfBase64: string } }>('query($id:ID!){ communication(id:$id){ pdfBase64 } }', { id });
    const pdf = await PDFDocument.load(Buffer.from(res.data!.communication.pdfBase64, 'base64'));
    expect(pdf.getPageCount()).toBeGreaterThanOrEqual(1);
    const manifests = fs.readdirSync(printDir).filter((f) => f.endsWith('.manifest.csv'));
    const manifest = manifests.map((f) => fs.readFileSync(path.join(printDir, f), 'utf8')).join('\n');
    expect(manifest).toContain('Kerkstraat 12');
  }, 60000);

  it('counts logged calls towards the daily limit: after three calls an e-mail waits for tomorrow', async () => {
    const caseId = await openCase({ emails: [mailbox('busy')] });
    for (const outcome of ['no_answer', 'no_answer', 'reached']) {
      const logged = await gql('mutation($i:LogCallInput!){ logCall(input:$i){ id } }', {
        i: { caseId, number: '+32470123456', direction: 'outbound', outcome },
      });
      expect(logged.errors).toBeUndefined();
    }
    const sent = await gql<{ sendCommunication: { status: string; refusal: { rule: string }; notBefore: string } }>(
      'mutation($i:SendCommunicationInput!){ sendCommunication(input:$i){ status notBefore refusal { rule } } }',
      { i: { caseId, kind: 'reminder', channel: 'email' } },
    );
    expect(sent.data!.sendCommunication).toMatchObject({ status: 'scheduled', refusal: { rule: expect.stringMatching(/^BE-A-4/) } });
    expect(new Date(sent.data!.sendCommunication.notBefore).getTime()).toBeGreaterThan(now().getTime());
    const event = await db.query(`SELECT 1 FROM communications.outbox WHERE type = 'CallLogged' AND envelope->>'aggregateId' = $1`, [
      caseId,
    ]);
    expect(event.rowCount).toBe(3);
  });

  it("records a debtor's opt-out of a channel: the next send on it is refused with its reason, and goes once it is withdrawn", async () => {
    const caseId = await openCase({ name: 'Stille Sien', phones: ['+32470556677'], preferredChannel: 'sms' });
    const otherAgent: Identity = { subject: 'agent-x', role: 'agent', clientId: null, brandIds: [crypto.randomUUID()], email: null };
    const walled = await gql(
      'mutation($c:ID!){ recordOptOut(caseId:$c, channel:"sms", reason:"x"){ channel } }',
      { c: caseId },
      otherAgent,
    );
    expect(walled.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const agent: Identity = { subject: 'agent-1', role: 'agent', clientId: null, brandIds: [brandId], email: 'agent@amicus.local' };
    const recorded = await gql<{ recordOptOut: { channel: string; reason: string; recordedBy: string } }>(
      'mutation($c:ID!){ recordOptOut(caseId:$c, channel:"sms", reason:"asked on the phone: no texts"){ channel reason recordedBy } }',
      { c: caseId },
      agent,
    );
    expect(recorded).toEqual({
      data: { recordOptOut: { channel: 'sms', reason: 'asked on the phone: no texts', recordedBy: 'user:agent-1' } },
    });

    const send = () =>
      gql<{
        sendCommunication: {
          id: string;
          status: string;
          notBefore: string | null;
          refusal: { code: string; rule: string; reason: string; waitsFor: string } | null;
        };
      }>(
        'mutation($i:SendCommunicationInput!){ sendCommunication(input:$i){ id status notBefore refusal { code rule reason waitsFor } } }',
        { i: { caseId, kind: 'reminder', channel: 'sms' } },
        agent,
      );
    const refused = (await send()).data!.sendCommunication;
    expect(refused).toMatchObject({
      status: 'scheduled',
      notBefore: null,
      refusal: {
        code: 'opted_out',
        rule: 'AMICUS-OPT-OUT',
        reason: 'the debtor opted out of sms: asked on the phone: no texts',
        waitsFor: 'opt_in',
      },
    });
    expect(provider.requests.some((r) => r.body.reference === refused.id)).toBe(false);

    const withdrawn = await gql<{ withdrawOptOut: boolean }>(
      'mutation($c:ID!){ withdrawOptOut(caseId:$c, channel:"sms") }',
      { c: caseId },
      agent,
    );
    expect(withdrawn).toEqual({ data: { withdrawOptOut: true } });
    // The one that waited for the opt-in is decided again and goes; so does the next.
    const waited = await eventually(async () => {
      const { rows } = await db.query(`SELECT sent_at, refusal FROM communications.communications WHERE id = $1`, [refused.id]);
      if (!rows[0].sent_at) throw new Error('not sent yet');
      return rows[0];
    });
    expect(waited.refusal).toBeNull();
    const next = (await send()).data!.sendCommunication;
    expect(next).toMatchObject({ refusal: null });
    expect(['sent', 'delivered']).toContain(next.status);
    expect(provider.requests.filter((r) => r.body.to === '+32470556677')).toHaveLength(2);
    const again = await gql<{ withdrawOptOut: boolean }>(
      'mutation($c:ID!){ withdrawOptOut(caseId:$c, channel:"sms") }',
      { c: caseId },
      agent,
    );
    expect(again).toEqual({ data: { withdrawOptOut: false } });
  });

  it("keeps a brand's own call script per language, refusing an unknown placeholder by name; other languages keep the default", async () => {
    const refused = await gql('mutation($b:ID!,$s:CallScriptInput!){ updateCallScript(brandId:$b, language:"nl", script:$s){ source } }', {
      b: brandId,
      s: { greeting: 'Dag {{debtorFirstName}}, u spreekt met {{agentName}}.' },
    });
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors![0].extensions!.problems).toEqual([
      { field: 'script.greeting', reason: expect.stringContaining('{{debtorFirstName}}') },
    ]);
    const agent: Identity = { subject: 'agent-1', role: 'agent', clientId: null, brandIds: [brandId], email: 'agent@amicus.local' };
    const notAdmin = await gql(
      'mutation($b:ID!){ updateCallScript(brandId:$b, language:"nl", script:{ greeting:"Dag" }){ source } }',
      { b: brandId },
      agent,
    );
    expect(notAdmin.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const script = (language: string, caseId?: string) =>
      gql<{ callScript: { language: string; source: string; greeting: string; reason: string } }>(
        'query($b:ID!,$l:String!,$c:ID){ callScript(brandId:$b, language:$l, caseId:$c){ language source greeting reason } }',
        { b: brandId, l: language, c: caseId },
        agent,
      );
    const updated = await gql<{ updateCallScript: { source: string; greeting: string } }>(
      'mutation($b:ID!,$s:CallScriptInput!){ updateCallScript(brandId:$b, language:"nl", script:$s){ source greeting } }',
      { b: brandId, s: { greeting: 'Dag {{debtorName}}, {{agentName}} hier, voor {{brandName}}.' } },
    );
    expect(updated).toEqual({
      data: { updateCallScript: { source: 'brand', greeting: 'Dag {{debtorName}}, {{agentName}} hier, voor {{brandName}}.' } },
    });

    const caseId = await openCase({ name: 'Luc Wouters' });
    const own = (await script('nl', caseId)).data!.callScript;
    expect(own).toMatchObject({
      language: 'nl',
      source: 'brand',
      greeting: 'Dag Luc Wouters, agent@amicus.local hier, voor Fietsen Vermeulen.',
    });
    expect(own.reason).toMatch(/^Ik bel over uw dossier .+ bij Fietsen Vermeulen: er staat nog €\s438,50 open\.$/);
    expect((await script('fr')).data!.callScript).toMatchObject({
      language: 'fr',
      source: 'default',
      greeting: 'Bonjour, {{agentName}} de {{agencyName}}, au nom de {{brandName}}.',
    });
  });

  it('retires a brand override: the next send uses the agency default again, and a retired version cannot be retired twice', async () => {
    const defaultSms = (DEFAULT_TEMPLATES.first_reminder.nl.sms as { text: string }).text;
    const activeVersion = async (i: object) => {
      const created = await gql<{ createTemplateVersion: { id: string } }>(
        'mutation($i:CreateTemplateVersionInput!){ createTemplateVersion(input:$i){ id } }',
        { i },
      );
      const activated = await gql<{ activateTemplateVersion: { status: string } }>(
        'mutation($id:ID!){ activateTemplateVersion(id:$id){ status } }',
        { id: created.data!.createTemplateVersion.id },
      );
      expect(activated.data?.activateTemplateVersion.status).toBe('active');
      return created.data!.createTemplateVersion.id;
    };
    const agencyVersion = await activeVersion({
      kind: 'first_reminder',
      language: 'nl',
      channel: 'sms',
      text: `Agentschap. ${defaultSms}`,
    });
    const brandVersion = await activeVersion({
      brandId,
      kind: 'first_reminder',
      language: 'nl',
      channel: 'sms',
      text: `Merk. ${defaultSms}`,
    });

    const caseId = await openCase({ phones: ['+32470445566'], preferredChannel: 'sms' });
    const send = async () => {
      const res = await gql<{ sendCommunication: { id: string; templateVersionId: string } }>(
        'mutation($i:SendCommunicationInput!){ sendCommunication(input:$i){ id templateVersionId } }',
        {
          i: { caseId, kind: 'first_reminder', channel: 'sms' },
        },
      );
      const { id, templateVersionId } = res.data!.sendCommunication;
      return { templateVersionId, body: provider.requests.find((r) => r.body.reference === id)?.body.body as string };
    };
    expect(await send()).toEqual({ templateVersionId: brandVersion, body: expect.stringMatching(/^Merk\. /) });

    const retired = await gql<{ retireTemplateVersion: { status: string; retiredAt: string } }>(
      'mutation($id:ID!){ retireTemplateVersion(versionId:$id){ status retiredAt } }',
      { id: brandVersion },
    );
    expect(retired.data!.retireTemplateVersion.status).toBe('retired');
    expect(await send()).toEqual({ templateVersionId: agencyVersion, body: expect.stringMatching(/^Agentschap\. /) });

    const twice = await gql('mutation($id:ID!){ retireTemplateVersion(versionId:$id){ status } }', { id: brandVersion });
    expect(twice.errors?.[0].extensions?.code).toBe('CONFLICT');
    // The agency default retired too: the built-in set again.
    await gql('mutation($id:ID!){ retireTemplateVersion(versionId:$id){ status } }', { id: agencyVersion });
    expect(await send()).toEqual({ templateVersionId: null, body: expect.not.stringMatching(/^(Merk|Agentschap)\. /) });
  });

  it('previews a letter version as a PDF from the letter pool; e-mail previews have none', async () => {
    const letter = await gql<{ createTemplateVersion: { id: string } }>(
      'mutation($i:CreateTemplateVersionInput!){ createTemplateVersion(input:$i){ id } }',
      {
        i: {
          brandId,
          kind: 'formal_notice',
          language: 'fr',
          channel: 'letter',
          html: (DEFAULT_TEMPLATES.formal_notice.fr.letter as { html: string }).html,
        },
      },
    );
    const preview = await gql<{ previewTemplate: { channel: string; html: string; pdfBase64: string } }>(
      'query($id:ID!){ previewTemplate(versionId:$id){ channel html pdfBase64 } }',
      { id: letter.data!.createTemplateVersion.id },
    );
    expect(preview.errors).toBeUndefined();
    const pdf = Buffer.from(preview.data!.previewTemplate.pdfBase64, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await PDFDocument.load(pdf)).getPageCount()).toBeGreaterThanOrEqual(1);
    expect(preview.data!.previewTemplate.html).toContain('<html');

    const email = await gql<{ createTemplateVersion: { id: string } }>(
      'mutation($i:CreateTemplateVersionInput!){ createTemplateVersion(input:$i){ id } }',
      {
        i: {
          brandId,
          kind: 'formal_notice',
          language: 'fr',
          channel: 'email',
          subject: 'Dossier {{case.reference}}',
          html: '<p>{{debtor.name}}</p>',
          text: '{{debtor.name}}',
        },
      },
    );
    const emailPreview = await gql<{ previewTemplate: { pdfBase64: string | null } }>(
      'query($id:ID!){ previewTemplate(versionId:$id){ pdfBase64 } }',
      { id: email.data!.createTemplateVersion.id },
    );
    expect(emailPreview).toEqual({ data: { previewTemplate: { pdfBase64: null } } });
  }, 60000);

  it('decides again a communication that waited for contact details when cases sends the debtor with a new e-mail address', async () => {
    const caseId = await openCase({ name: 'Zonder Adres', emails: [], phones: [], preferredChannel: 'email' });
    const refused = await gql<{ sendCommunication: { id: string; status: string; refusal: { code: string; waitsFor: string } } }>(
      'mutation($i:SendCommunicationInput!){ sendCommunication(input:$i){ id status refusal { code waitsFor } } }',
      { i: { caseId, kind: 'reminder', channel: 'email' } },
    );
    expect(refused.data!.sendCommunication).toMatchObject({
      status: 'scheduled',
      refusal: { code: 'no_contact', waitsFor: 'contact_details' },
    });
    const { rows } = await db.query(`SELECT debtor_id, time_zone FROM communications.case_contacts WHERE case_id = $1`, [caseId]);
    await publish(
      createEvent(DebtorUpdated, {
        aggregateId: caseId,
        clientId,
        payload: {
          debtorId: rows[0].debtor_id,
          clientId,
          caseIds: [caseId],
          debtor: {
            kind: 'consumer',
            name: 'Zonder Adres',
            country: 'BE',
            language: 'nl',
            timeZone: rows[0].time_zone,
            vatNumber: null,
            emails: [mailbox('gevonden')],
            phones: [],
            addresses: [{ lines: ['Kerkstraat 12'], postcode: '2000', city: 'Antwerpen', country: 'BE' }],
            preferredChannel: 'email',
          },
        },
      }),
    );
    const sent = await statusOf(refused.data!.sendCommunication.id, 'sent');
    expect(sent).toMatchObject({ recipient: mailbox('gevonden'), refusal: null });
    expect(smtp.arrived.some((a) => a.envelope.rcptTo.some((r) => r.address === mailbox('gevonden')))).toBe(true);
  });

  it('cancels what is queued for a case when it closes, naming the outcome; asked for after, it is cancelled at once', async () => {
    const caseId = await openCase({ name: 'Betaald Bert', emails: [mailbox('betaald')], hour: 3 });
    const queued = await requestCommunication(caseId, 'email');
    expect((await statusOf(queued, 'scheduled')).refusal).toMatchObject({ code: 'legally_refused' });
    await publish(caseChange.closed(caseId, 'paid'));
    const cancelled = await statusOf(queued, 'cancelled');
    const refusal = { code: 'case_closed', reason: 'the case is closed (paid)', rule: 'AMICUS-CLOSED', waitsFor: 'nothing' };
    expect(cancelled).toMatchObject({ not_before: null, refusal });

    const later = await requestCommunication(caseId, 'email');
    expect((await statusOf(later, 'cancelled')).refusal).toMatchObject(refusal);
    const res = await gql<{
      communication: { status: string; refusal: object; history: { status: string; detail: string; rule: string }[] };
    }>('query($id:ID!){ communication(id:$id){ status refusal { code reason rule waitsFor } history { status detail rule } } }', {
      id: queued,
    });
    expect(res.data!.communication).toMatchObject({ status: 'cancelled', refusal });
    expect(res.data!.communication.history.at(-1)).toEqual({
      status: 'cancelled',
      detail: 'cancelled (case_closed): the case is closed (paid)',
      rule: 'AMICUS-CLOSED',
    });
    // Nothing left, and nothing is announced as failed: cases' journey stopped for the closed case itself.
    expect(mailTo(mailbox('betaald'))).toHaveLength(0);
    const failed = await db.query(
      `SELECT 1 FROM communications.outbox WHERE type = 'CommunicationFailed' AND envelope->>'aggregateId' = $1`,
      [caseId],
    );
    expect(failed.rowCount).toBe(0);
    // Each is announced as cancelled, once, with its request and the reason.
    const announced = {
      caseId,
      clientId,
      kind: 'reminder',
      code: 'case_closed',
      reason: 'the case is closed (paid)',
      rule: 'AMICUS-CLOSED',
    };
    expect(await cancellationsOf(queued)).toEqual([expect.objectContaining({ ...announced, communicationId: queued, channel: 'email' })]);
    expect(await cancellationsOf(later)).toEqual([expect.objectContaining({ ...announced, communicationId: later })]);
  });

  it('announces a cancellation once: the closing delivered again, or closed again, cancels nothing more', async () => {
    const caseId = await openCase({ name: 'Dubbel Dirk', emails: [mailbox('dubbel')], hour: 3 });
    const queued = await requestCommunication(caseId, 'email');
    await statusOf(queued, 'scheduled');
    const closed = caseChange.closed(caseId, 'settled');
    await publish(closed);
    await statusOf(queued, 'cancelled');
    const requestId = (await db.query(`SELECT request_id FROM communications.communications WHERE id = $1`, [queued])).rows[0].request_id;
    expect(await cancellationsOf(queued)).toEqual([
      {
        communicationId: queued,
        requestId,
        caseId,
        clientId,
        kind: 'reminder',
        channel: 'email',
        code: 'case_closed',
        reason: 'the case is closed (settled)',
        rule: 'AMICUS-CLOSED',
        cancelledAt: expect.any(String),
      },
    ]);
    await publish(closed, caseChange.closed(caseId, 'paid'));
    // Same case, same partition: once the hold that follows is in, the two closings before it were handled.
    const until = addDays(app.get(Clock).today(), 2);
    await publish(caseChange.held(caseId, until, 'after the closing'));
    await caseContact(caseId, (c) => c.hold_ends === until);
    expect(await cancellationsOf(queued)).toHaveLength(1);
  });

  it('cancels a queued pre-due reminder when a hold outlasts its due date, announcing it once; the hold delivered again or given again cancels nothing more', async () => {
    const today = app.get(Clock).today();
    const dueDate = addDays(today, 3);
    const caseId = await openCase({ name: 'Vroeg Vera', emails: [mailbox('vroeg')], hour: 3 }, [
      { invoiceNumber: 'F2025-0500', principalMinor: '12000', dueDate },
    ]);
    const statement = {
      principalMinor: '12000',
      interestMinor: '0',
      damagesMinor: '0',
      costsMinor: '0',
      paidMinor: '0',
      totalMinor: '12000',
      currency: 'EUR',
    };
    const preDue = await requestCommunication(caseId, 'email', 'pre_due_reminder', statement);
    const reminder = await requestCommunication(caseId, 'email', 'reminder', statement);
    // At 03:00 the debtor's contact window is closed: both wait for the morning.
    expect((await statusOf(preDue, 'scheduled')).refusal).toMatchObject({ code: 'legally_refused' });
    await statusOf(reminder, 'scheduled');

    const held = caseChange.held(caseId, addDays(today, 10), 'the debtor is abroad');
    await publish(held);
    const cancelled = await statusOf(preDue, 'cancelled');
    const reason = `a claim fell due on ${dueDate}: a reminder before the due date comes too late, once the hold ends on ${addDays(today, 10)}`;
    expect(cancelled.refusal).toMatchObject({ code: 'past_due', rule: 'AMICUS-PRE-DUE', reason, waitsFor: 'nothing' });
    expect(await cancellationsOf(preDue)).toEqual([
      expect.objectContaining({ communicationId: preDue, caseId, kind: 'pre_due_reminder', channel: 'email', code: 'past_due', reason }),
    ]);
    // The reminder is only held: it waits for the hold's end, and is not cancelled.
    const waiting = await eventually(async () => {
      const row = await statusOf(reminder, 'scheduled');
      if ((row.refusal as { code: string }).code !== 'on_hold') throw new Error('not decided again yet');
      return row;
    });
    expect(waiting.refusal).toMatchObject({ rule: 'AMICUS-HOLD' });
    expect(await cancellationsOf(reminder)).toEqual([]);

    // The same CaseHeld delivered again, then a longer hold: the second is in once its end shows.
    const longer = addDays(today, 12);
    await publish(held, caseChange.held(caseId, longer, 'the debtor stays abroad'));
    await caseContact(caseId, (c) => c.hold_ends === longer);
    expect(await cancellationsOf(preDue)).toHaveLength(1);
    expect(await cancellationsOf(reminder)).toEqual([]);
    const outbox = await db.query(
      `SELECT 1 FROM communications.outbox WHERE type = 'CommunicationCancelled' AND envelope->>'aggregateId' = $1`,
      [caseId],
    );
    expect(outbox.rowCount).toBe(1);
  });

  it('schedules a send for a held case for the day its hold ends, naming it; released, the send is decided again and goes', async () => {
    const caseId = await openCase({ name: 'Zieke Zoë', emails: [mailbox('ziek')] });
    const until = addDays(app.get(Clock).today(), 10);
    await publish(caseChange.held(caseId, until, 'debtor in hospital'));
    await caseContact(caseId, (c) => c.hold_ends === until);
    const id = await requestCommunication(caseId, 'email');
    const held = await statusOf(id, 'scheduled');
    expect(held.refusal).toMatchObject({
      code: 'on_hold',
      rule: 'AMICUS-HOLD',
      reason: `the case is on hold until ${until}: debtor in hospital`,
      waitsFor: 'time',
    });
    expect(held.not_before).toEqual(new Date(instantAt(until, 0, app.get(Clock).timeZone)));
    expect(mailTo(mailbox('ziek'))).toHaveLength(0);

    await publish(caseChange.released(caseId));
    expect(await statusOf(id, 'sent')).toMatchObject({ refusal: null, recipient: mailbox('ziek') });
    expect(mailTo(mailbox('ziek'))).toHaveLength(1);
  });

  it('decides again what already waited when the case is put on hold: it waits for the hold, then for what it waited for before', async () => {
    const caseId = await openCase({ name: 'Nachtraaf', emails: [mailbox('nachtraaf')], hour: 3 });
    const id = await requestCommunication(caseId, 'email');
    expect((await statusOf(id, 'scheduled')).refusal).toMatchObject({ code: 'legally_refused', rule: expect.stringMatching(/^BE-A-4/) });
    const until = addDays(app.get(Clock).today(), 5);
    await publish(caseChange.held(caseId, until, 'payment promised by the client'));
    const held = await eventually(async () => {
      const row = await statusOf(id, 'scheduled');
      if ((row.refusal as { code: string }).code !== 'on_hold') throw new Error('not decided again yet');
      return row;
    });
    expect(held.not_before).toEqual(new Date(instantAt(until, 0, app.get(Clock).timeZone)));
    await publish(caseChange.released(caseId));
    const night = await eventually(async () => {
      const row = await statusOf(id, 'scheduled');
      if ((row.refusal as { code: string }).code !== 'legally_refused') throw new Error('not decided again yet');
      return row;
    });
    expect((night.not_before as Date).getTime()).toBeLessThan(new Date(instantAt(until, 0, app.get(Clock).timeZone)).getTime());
  });

  it('shows the statement cases sent on e-mail, SMS and letter; a recalled claim is on none after the recall, and a statement counting it is cancelled', async () => {
    const caseId = await openCase({ name: 'Twee Facturen', emails: [mailbox('twee')], phones: ['+32470667788'] }, [
      { invoiceNumber: 'F2025-0042', principalMinor: '43850' },
      { invoiceNumber: 'F2025-0077', principalMinor: '10000' },
    ]);
    const claims = (await caseContact(caseId, () => true)).claims as { claimId: string; number: string }[];
    const recalledId = claims.find((c) => c.number === 'F2025-0077')!.claimId;
    const statement = (principalMinor: string, totalMinor: string) => ({
      principalMinor,
      interestMinor: '412',
      damagesMinor: '4385',
      costsMinor: '0',
      paidMinor: '0',
      totalMinor,
      currency: 'EUR',
    });
    // Held, so the first request waits; the client recalls the second invoice meanwhile.
    await publish(caseChange.held(caseId, addDays(app.get(Clock).today(), 3), 'client checks an invoice'));
    await caseContact(caseId, (c) => c.hold_ends !== null);
    const before = await requestCommunication(caseId, 'email', 'reminder', statement('53850', '58647'));
    await statusOf(before, 'scheduled');
    await publish(caseChange.recalled(caseId, recalledId), caseChange.released(caseId));
    expect((await statusOf(before, 'cancelled')).refusal).toMatchObject({
      code: 'claim_recalled',
      reason: 'the client recalled claim F2025-0077 after this was requested: its amounts count it',
    });
    await caseContact(caseId, (c) => c.hold_ends === null);

    const after = statement('43850', '48647');
    const email = await requestCommunication(caseId, 'email', 'reminder', after);
    const sms = await requestCommunication(caseId, 'sms', 'reminder', after);
    const letter = await requestCommunication(caseId, 'letter', 'reminder', after);
    await statusOf(email, 'sent');
    const mail = await simpleParser(mailTo(mailbox('twee'))[0].raw);
    expect(mail.text).toContain('F2025-0042');
    expect(mail.text).not.toContain('F2025-0077');
    expect(mail.text).toMatch(/486,47/);
    expect(mail.text).not.toMatch(/586,47|538,50/);
    await statusOf(sms, 'delivered');
    expect(provider.requests.find((r) => r.body.reference === sms)!.body.body).toMatch(/€\s486,47/);
    await statusOf(letter, 'sent');
    const evidence = await db.query(`SELECT html, context FROM communications.communication_evidence WHERE communication_id = $1`, [
      letter,
    ]);
    const { html, context } = evidence.rows[0] as { html: string; context: { claims: { number: string }[]; amounts: { total: object } } };
    expect(context.claims.map((c) => c.number)).toEqual(['F2025-0042']);
    expect(context.amounts.total).toEqual({ amountMinor: '48647', currency: 'EUR' });
    expect(html).toMatch(/486,47/);
    expect(html).not.toContain('F2025-0077');

    // The client recalls the last claim: nothing more goes out about the case.
    await publish(caseChange.recalled(caseId, claims.find((c) => c.number === 'F2025-0042')!.claimId));
    await caseContact(caseId, (c) => (c.recalled_claim_ids as string[]).length === 2);
    const last = await requestCommunication(caseId, 'email');
    expect((await statusOf(last, 'cancelled')).refusal).toMatchObject({
      code: 'claims_recalled',
      reason: 'the client recalled every claim of the case',
      rule: 'AMICUS-RECALLED',
    });
  }, 60000);

  // Last: it moves the service's clock forward.
  it('schedules a send outside the contact window with its reason, and sends it on its own when the window opens', async () => {
    const caseId = await openCase({ name: 'Nachtuil', emails: [mailbox('nachtuil')], hour: 3 });
    const id = await requestCommunication(caseId, 'email');
    const scheduled = await statusOf(id, 'scheduled');
    const notBefore = scheduled.not_before as Date;
    expect(scheduled.refusal).toMatchObject({ code: 'legally_refused', rule: 'BE-A-4', waitsFor: 'time' });
    expect(notBefore.getTime()).toBeGreaterThan(now().getTime());
    app.get(Clock).advance(notBefore.getTime() - now().getTime() + 1000);
    await statusOf(id, 'sent');
    expect(smtp.arrived.some((a) => a.envelope.rcptTo.some((r) => r.address === mailbox('nachtuil')))).toBe(true);
  });
});
