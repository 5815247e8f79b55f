import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { parse } from 'csv-parse/sync';
import { PDFDocument } from 'pdf-lib';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DEV_SECRETS, GATEWAY_ASSERTION_HEADER, Identity, signGatewayAssertion } from '@amicus/auth';
import { bootstrapSubgraph, createLogger } from '@amicus/service-runtime';
import { AppModule, COMMUNICATIONS_SCHEMA } from '../src/app.module';
import { ChannelError, OutboundMessage, isChannelError } from '../src/channels/channel';
import { Clock, addDays, instantAt } from '@amicus/calendar';
import { CaseClosed, CaseHeld, createEvent } from '@amicus/events';
import { CaseChangesService } from '../src/communications/case-changes.service';
import { PrintBatchesService, type QueuedInBatch } from '../src/communications/print-batches.service';
import { SendingService } from '../src/communications/sending.service';
import { readCommunicationsConfig } from '../src/config';
import { ADDRESSES, letter, letterPdf } from './letters';
import { zoneWhereItIs } from './loopback-parties';

/**
 * Print batches live in the database: two instances of the service on one database share the
 * open batch, and either hands it over with every letter in it. The schedulers' own hand-overs
 * are an hour apart here, so each test hands over when it means to.
 */
const DB = `amicus_comms_print_it_${process.pid}`;
const DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${DB}`;
const PORTS = [14395, 14396] as const;
const GATEWAY_SECRET = 'it-gateway-secret';
const ADMIN: Identity = { subject: 'admin-1', role: 'agency_admin', clientId: null, brandIds: [], email: 'admin@amicus.local' };
const clientId = crypto.randomUUID();
const brandId = crypto.randomUUID();
const TOPIC_PREFIX = `comms-print-it-${clientId.slice(0, 8)}.`;

let instances: NestExpressApplication[] = [];
let db: Client;
let printDir: string;

async function start(port: number): Promise<NestExpressApplication> {
  const config = readCommunicationsConfig({
    PORT: String(port),
    DATABASE_URL,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    KAFKA_GROUP_PREFIX: TOPIC_PREFIX,
    KAFKA_TOPIC_PREFIX: TOPIC_PREFIX,
    GATEWAY_SECRET,
    PRINT_OUTPUT_DIR: printDir,
    PRINT_BATCH_INTERVAL_MS: String(3_600_000),
    PDF_POOL_SIZE: '1',
  });
  const log = createLogger('communications-print-it');
  log.level = 'warn';
  return bootstrapSubgraph(AppModule.with(config, log), { service: 'communications', schema: COMMUNICATIONS_SCHEMA, config, log });
}

async function gql<T>(port: number, query: string, variables: object): Promise<{ data?: T; errors?: { message: string }[] }> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [GATEWAY_ASSERTION_HEADER]: signGatewayAssertion(ADMIN, DEV_SECRETS.gatewayPrivateKey, 'communications'),
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: T; errors?: { message: string }[] };
}

/** A case of the brand whose debtor is written to by letter; it is noon where the debtor lives. */
async function letterCase(debtorName: string): Promise<string> {
  const caseId = crypto.randomUUID();
  const addresses = [{ lines: ['Kerkstraat 12'], postcode: '2000', city: 'Antwerpen', country: 'BE' }];
  const claims = [
    {
      claimId: crypto.randomUUID(),
      number: 'F2025-0042',
      issueDate: '2025-01-02',
      dueDate: '2025-02-01',
      description: null,
      principalMinor: '43850',
      currency: 'EUR',
    },
  ];
  await db.query(
    `INSERT INTO communications.case_contacts (case_id, client_id, brand_id, debtor_id, currency, debtor_name, debtor_kind, country, language, time_zone, addresses, preferred_channel, claims)
     VALUES ($1, $2, $3, $4, 'EUR', $5, 'consumer', 'BE', 'nl', $6, $7::jsonb, 'letter', $8::jsonb)`,
    [
      caseId,
      clientId,
      brandId,
      crypto.randomUUID(),
      debtorName,
      zoneWhereItIs(12, new Date()),
      JSON.stringify(addresses),
      JSON.stringify(claims),
    ],
  );
  return caseId;
}

/** A letter communication decided and rendered, about to join its batch (what sending does before `queue`). */
async function decidedLetter(message: OutboundMessage): Promise<OutboundMessage> {
  const id = crypto.randomUUID();
  await db.query(
    `INSERT INTO communications.communications (id, case_id, client_id, kind, requested_channel, channel, language, status, requested_by)
     VALUES ($1, $2, $3, 'first_reminder', 'letter', 'letter', 'nl', 'requested', 'test')`,
    [id, crypto.randomUUID(), clientId],
  );
  return { ...message, communicationId: id };
}

const toQueue = (message: OutboundMessage) => ({
  message,
  html: '<p>letter</p>',
  context: { case: { reference: message.caseReference } },
  templateVersionId: null,
  templateSource: 'built_in',
});

/** Queues a letter through the first instance, in a transaction of its own. */
async function queue(message: OutboundMessage) {
  const [first] = instances;
  return first.get(DataSource).transaction((m) => first.get(PrintBatchesService).queue(m, toQueue(message), first.get(Clock).now()));
}

function queued(outcome: QueuedInBatch | ChannelError): QueuedInBatch {
  if (isChannelError(outcome)) throw outcome;
  return outcome;
}

beforeAll(async () => {
  const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
  printDir = await mkdtemp(path.join(os.tmpdir(), 'amicus-print-batches-'));
  instances = [await start(PORTS[0])];
  instances.push(await start(PORTS[1]));
  db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  await db.query(
    `INSERT INTO communications.brand_looks (brand_id, client_id, brand_name, languages, sender_name) VALUES ($1, $2, 'Fietsen Vermeulen', '{nl,fr}', 'Fietsen Vermeulen')`,
    [brandId, clientId],
  );
}, 120000);

afterAll(async () => {
  await db?.end();
  for (const app of instances) await app.close();
}, 60000);

describe('print batches, in the database', () => {
  it('numbers the letters of the open batch in the order they join it, and keeps each letter PDF as the evidence of what was sent', async () => {
    const pdfs = [await letterPdf(1, 595), await letterPdf(2, 600), await letterPdf(3, 610)];
    const outcomes = [];
    for (const [i, pdf] of pdfs.entries())
      outcomes.push(queued(await queue(await decidedLetter(letter(`CASE-${i + 1}`, ADDRESSES[i], pdf)))));
    const { batchId } = outcomes[0];
    expect(outcomes.map((o) => o.providerMessageId)).toEqual([`${batchId}/1`, `${batchId}/2`, `${batchId}/3`]);
    expect(outcomes[1].sent).toEqual({ mediaType: 'application/pdf', content: pdfs[1] });
    expect(await instances[0].get(PrintBatchesService).handOver()).toBe(batchId);
  });

  it('takes a letter still joining when the hand-over starts, starts a new batch after it, and hands over an empty batch as nothing', async () => {
    const [first] = instances;
    const service = first.get(PrintBatchesService);
    const filesBefore = new Set(await readdir(printDir));
    const early = queued(await queue(await decidedLetter(letter('CASE-1', ADDRESSES[0], await letterPdf(1, 595)))));
    const joining = first.get(DataSource).createQueryRunner();
    await joining.startTransaction();
    const late = queued(
      await service.queue(
        joining.manager,
        toQueue(await decidedLetter(letter('CASE-2', ADDRESSES[0], await letterPdf(1, 595)))),
        first.get(Clock).now(),
      ),
    );
    const handedOver = service.handOver(); // waits for the letter still joining
    await new Promise((resolve) => setTimeout(resolve, 300));
    await joining.commitTransaction();
    await joining.release();

    const batchId = await handedOver;
    expect(batchId).toBe(early.batchId);
    expect(late.providerMessageId).toBe(`${batchId}/2`);
    const rows: Record<string, string>[] = parse(await readFile(path.join(printDir, `${batchId}.manifest.csv`)), { columns: true });
    expect(rows.map((r) => r.case_reference)).toEqual(['CASE-1', 'CASE-2']);
    expect(await service.handOver()).toBeNull();
    expect((await readdir(printDir)).filter((f) => !filesBefore.has(f)).sort()).toEqual([`${batchId}.manifest.csv`, `${batchId}.pdf`]);

    const next = queued(await queue(await decidedLetter(letter('CASE-3', ADDRESSES[1], await letterPdf(1, 595)))));
    expect(next.batchId).not.toBe(batchId);
    expect(next.providerMessageId).toBe(`${next.batchId}/1`);
    expect(await service.handOver()).toBe(next.batchId);
  });

  it('keeps letters the print house cannot take out of the batch', async () => {
    const pdf = await letterPdf(1, 595);
    const refused = [
      { ...letter('X', ADDRESSES[0], pdf), recipient: { name: 'Jan' } },
      letter('X', { ...ADDRESSES[0], country: 'Belgium' }, pdf),
      letter('X', ADDRESSES[0], pdf, { pdf: undefined }),
      letter('X', ADDRESSES[0], Buffer.from('not a pdf')),
    ];
    const ids: string[] = [];
    for (const message of refused) {
      const decided = await decidedLetter(message);
      ids.push(decided.communicationId);
      expect(isChannelError(await queue(decided))).toBe(true);
    }
    const { rows } = await db.query(`SELECT 1 FROM communications.print_batch_letters WHERE communication_id = ANY($1::uuid[])`, [ids]);
    expect(rows).toHaveLength(0);
    expect(await instances[0].get(PrintBatchesService).handOver()).toBeNull();
  });

  it('hands a letter sent through one instance over from another, with its evidence and its event', async () => {
    const caseId = await letterCase('Griet Claes');
    const sent = await gql<{ sendCommunication: { id: string; status: string; providerMessageId: string } }>(
      PORTS[0],
      'mutation($i:SendCommunicationInput!){ sendCommunication(input:$i){ id status providerMessageId } }',
      { i: { caseId, kind: 'first_reminder', channel: 'letter' } },
    );
    expect(sent.errors).toBeUndefined();
    const { id, status, providerMessageId } = sent.data!.sendCommunication;
    expect(status).toBe('requested');
    const batchId = providerMessageId.split('/')[0];

    expect(await instances[1].get(PrintBatchesService).handOver()).toBe(batchId);
    const seen = await gql<{ communication: { status: string; pdfBase64: string; history: { status: string; detail: string }[] } }>(
      PORTS[1],
      'query($id:ID!){ communication(id:$id){ status pdfBase64 history { status detail } } }',
      { id },
    );
    expect(seen.data!.communication.status).toBe('sent');
    expect(seen.data!.communication.history.at(-1)).toMatchObject({
      status: 'sent',
      detail: expect.stringContaining(`batch ${batchId} (letter 1,`),
    });
    expect((await PDFDocument.load(Buffer.from(seen.data!.communication.pdfBase64, 'base64'))).getPageCount()).toBeGreaterThanOrEqual(1);
    expect(await readFile(path.join(printDir, `${batchId}.manifest.csv`), 'utf8')).toContain('Griet Claes');
    const event = await db.query(
      `SELECT envelope FROM communications.outbox WHERE type = 'CommunicationSent' AND envelope->'payload'->>'communicationId' = $1`,
      [id],
    );
    expect(event.rows[0].envelope.payload).toMatchObject({ caseId, channel: 'letter', providerMessageId });
  }, 60000);

  it('takes a letter out of the open batch when its case closes (cancelled) or is put on hold (it waits for the hold to end)', async () => {
    const [first] = instances;
    const letterOf = async (caseId: string) => {
      const sent = await gql<{ sendCommunication: { id: string; status: string; providerMessageId: string } }>(
        PORTS[0],
        'mutation($i:SendCommunicationInput!){ sendCommunication(input:$i){ id status providerMessageId } }',
        { i: { caseId, kind: 'first_reminder', channel: 'letter' } },
      );
      expect(sent.data!.sendCommunication).toMatchObject({ status: 'requested', providerMessageId: expect.stringMatching(/^PB-/) });
      return sent.data!.sendCommunication.id;
    };
    const closedCase = await letterCase('Betaald Bert');
    const heldCase = await letterCase('Zieke Zoë');
    const [closing, holding] = [await letterOf(closedCase), await letterOf(heldCase)];

    // What the consumer does with the events, in a transaction of its own.
    const changes = first.get(CaseChangesService);
    const until = addDays(first.get(Clock).today(), 7);
    const base = { clientId, actor: 'user:agent-1' };
    await first.get(DataSource).transaction((m) =>
      changes.caseClosed(
        createEvent(CaseClosed, {
          aggregateId: closedCase,
          clientId,
          payload: { ...base, caseId: closedCase, outcome: 'paid', reason: 'paid in full', balanceMinor: '0', currency: 'EUR' },
        }),
        m,
      ),
    );
    await first.get(DataSource).transaction((m) =>
      changes.caseHeld(
        createEvent(CaseHeld, {
          aggregateId: heldCase,
          clientId,
          payload: { caseId: heldCase, until, reason: 'in hospital', actor: base.actor },
        }),
        m,
      ),
    );

    const rowOf = async (id: string) =>
      (await db.query(`SELECT status, refusal, print_batch_id, not_before, history FROM communications.communications WHERE id = $1`, [id]))
        .rows[0];
    expect(await rowOf(closing)).toMatchObject({
      status: 'cancelled',
      print_batch_id: null,
      refusal: { code: 'case_closed', reason: 'the case is closed (paid)', waitsFor: 'nothing' },
    });
    // Due again: decided now (or by whichever scheduler took it first), the hold refuses it until its end.
    await first.get(SendingService).process(holding, true);
    const waiting = await rowOf(holding);
    expect(waiting).toMatchObject({
      status: 'scheduled',
      print_batch_id: null,
      refusal: { code: 'on_hold', reason: `the case is on hold until ${until}: in hospital` },
    });
    expect(waiting.not_before).toEqual(new Date(instantAt(until, 0, first.get(Clock).timeZone)));
    expect((waiting.history as { detail: string }[]).map((h) => h.detail)).toContainEqual(
      expect.stringMatching(/^taken out of print batch PB-.+ to be decided again: the case was put on hold$/),
    );
    const { rows } = await db.query(`SELECT 1 FROM communications.print_batch_letters WHERE communication_id = ANY($1::uuid[])`, [
      [closing, holding],
    ]);
    expect(rows).toHaveLength(0);
    // The batch has no letter left: nothing is handed over.
    expect(await first.get(PrintBatchesService).handOver()).toBeNull();
  }, 60000);
});
