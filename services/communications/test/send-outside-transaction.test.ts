import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { Client } from 'pg';
import {
  BrandCreated,
  CaseOpened,
  ClaimPlaced,
  ClientOnboarded,
  CommunicationRequested,
  CommunicationRequestedV2,
  createEvent,
  topicOf,
  type CommunicationRequestedV1,
  type EventEnvelope,
} from '@amicus/events';
import { bootstrapSubgraph, createLogger } from '@amicus/service-runtime';
import { AppModule, COMMUNICATIONS_SCHEMA } from '../src/app.module';
import { Clock } from '@amicus/calendar';
import { mountDeliveryReceipts } from '../src/communications/delivery-receipts';
import { SendingService } from '../src/communications/sending.service';
import { readCommunicationsConfig } from '../src/config';
import { startMessagingProvider, startSmtpServer, zoneWhereItIs } from './loopback-parties';

/**
 * The communications service as it runs: its own database, real Postgres and Kafka, a real SMTP
 * server and a messaging provider on loopback. Events come in on Kafka as cases would publish
 * them; everything else is asked through GraphQL (with a gateway assertion) or the tables.
 */
const DB = `e2e_messages_comms_${process.pid}`;
const DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${DB}`;
const PORT = 21001;
const RECEIPT_SECRET = 'it-receipt-secret';
const GATEWAY_SECRET = 'it-gateway-secret';

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
const TOPIC_PREFIX = `e2e-messages-${run}.`;

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
    KAFKA_GROUP_PREFIX: `e2e-messages-${Date.now()}.`,
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

describe('a send to the provider outside the database transaction (issue 18 §4)', () => {
  it('sends no second e-mail when the commit after the send fails: left sending, then resolved for review, not sent again', async () => {
    const caseId = await openCase({ name: 'Els Wouters', emails: [mailbox('els.wouters')] });
    // The commit after the SMTP relay took the message fails (the evidence cannot be written: a full disk, a lost connection).
    await db.query(`CREATE FUNCTION communications.refuse_evidence() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.recipient = '${mailbox('els.wouters')}' THEN RAISE EXCEPTION 'could not extend file: No space left on device'; END IF; RETURN NEW; END $$`);
    await db.query(
      `CREATE TRIGGER refuse_evidence BEFORE INSERT ON communications.communication_evidence FOR EACH ROW EXECUTE FUNCTION communications.refuse_evidence()`,
    );
    const id = await requestCommunication(caseId, 'email');
    const stuck = await eventually(async () => {
      const { rows } = await db.query(`SELECT status, sending_since, sending_key FROM communications.communications WHERE id = $1`, [id]);
      if (!rows[0]?.sending_since) throw new Error('not sending yet');
      return rows[0];
    });
    expect(stuck).toMatchObject({ status: 'requested', sending_key: `${id}#1` });
    await eventually(async () => {
      if (mailTo(mailbox('els.wouters')).length !== 1) throw new Error('not arrived yet');
    });

    // Later sends go on meanwhile; the stuck one is not due again, so the scheduler never sends it twice.
    const other = await requestCommunication(await openCase({ name: 'Tom Maes', emails: [mailbox('tom.maes')] }), 'email');
    await statusOf(other, 'sent');
    const second = await requestCommunication(await openCase({ name: 'An Smets', emails: [mailbox('an.smets')] }), 'email');
    await statusOf(second, 'sent');
    expect(mailTo(mailbox('els.wouters'))).toHaveLength(1);

    // Resolved as stuck (here at once; the scheduler does it after five minutes): failed for review, not sent again.
    await db.query(`DROP TRIGGER refuse_evidence ON communications.communication_evidence`);
    expect(await app.get(SendingService).resolveStuckSends(0)).toBe(1);
    const resolved = await statusOf(id, 'failed');
    expect(resolved.sending_since).toBeNull();
    expect(JSON.stringify(resolved.history)).toContain('send outcome unknown');
    const { rows: failed } = await db.query(
      `SELECT envelope->'payload'->>'reason' AS reason FROM communications.outbox WHERE type = 'CommunicationFailed' AND envelope->'payload'->>'communicationId' = $1`,
      [id],
    );
    expect(failed).toHaveLength(1);
    expect(failed[0].reason).toContain(`X-Amicus-Communication-Id ${id}`);
    expect(await app.get(SendingService).resolveStuckSends(0)).toBe(0);
    const third = await requestCommunication(await openCase({ name: 'Lien Goossens', emails: [mailbox('lien.goossens')] }), 'email');
    await statusOf(third, 'sent');
    expect(mailTo(mailbox('els.wouters'))).toHaveLength(1);
  });
});
