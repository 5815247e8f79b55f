import { createHash, randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { simpleParser } from 'mailparser';
import { Client } from 'pg';
import { DEV_SECRETS, GATEWAY_ASSERTION_HEADER, Identity, signGatewayAssertion } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import {
  BrandCreated,
  CaseOpened,
  ClaimPlaced,
  ClientOnboarded,
  CommunicationRequested,
  PayLinkIssued,
  createEvent,
  topicOf,
  type EventEnvelope,
} from '@amicus/events';
import { ogmFromNumber } from '@amicus/payment-references';
import { bootstrapSubgraph, createLogger } from '@amicus/service-runtime';
import { AppModule, COMMUNICATIONS_SCHEMA } from '../src/app.module';
import { CommunicationContextService } from '../src/communication-context/communication-context.service';
import { readCommunicationsConfig } from '../src/config';
import { epcQrSvgDataUrl } from '../src/rendering/epc-qr';
import { composeSms } from '../src/rendering/sms';
import { defaultTemplate } from '../src/templates/default-templates/default-templates';
import { startSmtpServer, zoneWhereItIs } from './loopback-parties';

/**
 * The debtor's pay page on communications' side, as the service runs (real Postgres, Kafka and
 * an SMTP server on loopback): cases' pay link kept from CaseOpened and PayLinkIssued (its
 * hash the page is found by), printed in what is sent, and payPage — anonymous, by the token
 * alone — with the brand's look, the transfer and its EPC QR for a chosen amount, the messages sent.
 */
const DB = `amicus_comms_pay_${process.pid}`;
const DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${DB}`;
const PORT = 14398;
const GATEWAY_SECRET = 'it-gateway-secret';
const ADMIN: Identity = { subject: 'admin-1', role: 'agency_admin', clientId: null, brandIds: [], email: 'admin@amicus.local' };

let app: NestExpressApplication;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let producer: Producer;
let db: Client;
const clientId = crypto.randomUUID();
const brandId = crypto.randomUUID();
const run = clientId.slice(0, 8);
const TOPIC_PREFIX = `comms-pay-${run}.`;

async function eventually<T>(check: () => Promise<T>, timeoutMs = 20000): Promise<T> {
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

type Gql<T> = { data?: T | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };

/** Through the gateway's door: anonymous unless an identity is given, from an address of the test's choosing. */
async function gql<T = Record<string, unknown>>(
  query: string,
  variables: object = {},
  opts: { identity?: Identity | null; address?: string } = {},
): Promise<Gql<T>> {
  const res = await fetch(`http://127.0.0.1:${PORT}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [GATEWAY_ASSERTION_HEADER]: signGatewayAssertion(opts.identity ?? null, DEV_SECRETS.gatewayPrivateKey, 'communications'),
      'x-amicus-client-ip': opts.address ?? anAddress(),
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as Gql<T>;
}

const anAddress = () => `203.0.113.${Math.floor(Math.random() * 254) + 1}-${crypto.randomUUID()}`;

async function publish(...events: EventEnvelope[]): Promise<void> {
  for (const e of events)
    await producer.send({ topic: TOPIC_PREFIX + topicOf(e), messages: [{ key: e.aggregateId, value: JSON.stringify(e) }] });
}

const now = () => app.get(Clock).now();
const newToken = () => randomBytes(16).toString('base64url');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const inDays = (days: number) => new Date(now().getTime() + days * 86_400_000).toISOString();

/** A case as cases opens it: with its number and (unless told otherwise) its pay link. */
async function openCase(opts: { payLink?: { token: string; expiresAt: string } | null; email?: string } = {}) {
  const caseId = crypto.randomUUID();
  const caseNumber = String(1_000_000_000 + Math.floor(Math.random() * 8_000_000_000));
  const payLink = opts.payLink === undefined ? { token: newToken(), expiresAt: inDays(400) } : opts.payLink;
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
        caseNumber,
        ...(payLink ? { payLink } : {}),
        debtor: {
          kind: 'consumer',
          name: 'Lotte Janssens',
          country: 'BE',
          language: 'nl',
          timeZone: zoneWhereItIs(12, now()),
          vatNumber: null,
          emails: [opts.email ?? `lotte+${run}-${caseId.slice(0, 8)}@example.org`],
          phones: [],
          addresses: [{ lines: ['Kerkstraat 12'], postcode: '2000', city: 'Antwerpen', country: 'BE' }],
          preferredChannel: 'email',
        },
      },
    }),
    createEvent(ClaimPlaced, {
      aggregateId: caseId,
      clientId,
      payload: {
        caseId,
        claimId: crypto.randomUUID(),
        clientId,
        invoiceNumber: 'F2025-0042',
        issueDate: '2025-01-02',
        dueDate: '2025-02-01',
        principalMinor: '43850',
        currency: 'EUR',
        description: null,
        placementId: null,
      },
    }),
  );
  const row = await eventually(async () => {
    const { rows } = await db.query(`SELECT * FROM communications.case_contacts WHERE case_id = $1`, [caseId]);
    if (rows[0]?.claims.length !== 1) throw new Error('case not consumed yet');
    return rows[0] as Record<string, unknown>;
  });
  return { caseId, caseNumber, payLink, row };
}

const PAGE = `query($t:String!, $a:String){ payPage(token:$t){
  brand { name senderName logoUrl primaryColor secondaryColor email phone website }
  language expiresAt letters { id sentAt kind channel subject }
  transfer(amountMinor:$a) { beneficiary iban bic reference referenceScheme amountMinor currency qrSvg } } }`;

type Page = {
  payPage: {
    brand: Record<string, unknown>;
    language: string;
    expiresAt: string;
    letters: { id: string; sentAt: string; kind: string; channel: string; subject: string | null }[];
    transfer: {
      beneficiary: string;
      iban: string;
      bic: string | null;
      reference: string;
      referenceScheme: string;
      amountMinor: string | null;
      currency: string;
      qrSvg: string | null;
    };
  };
};

beforeAll(async () => {
  const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
  smtp = await startSmtpServer();
  // PAYMENT_LINK_BASE left to its default: the gateway's /pay.
  const config = readCommunicationsConfig({
    PORT: String(PORT),
    DATABASE_URL,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    KAFKA_GROUP_PREFIX: `comms-pay-${Date.now()}.`,
    KAFKA_TOPIC_PREFIX: TOPIC_PREFIX,
    GATEWAY_SECRET,
    SMTP_PORT: String(smtp.port),
    SCHEDULER_INTERVAL_MS: '100',
    RETRY_BASE_DELAY_MS: '100',
    RETRY_MAX_ATTEMPTS: '2',
    PDF_POOL_SIZE: '1',
    // A letter counts as sent when its print batch closes: every second here, not every minute.
    PRINT_BATCH_INTERVAL_MS: '1000',
  });
  const log = createLogger('communications-pay-it');
  log.level = 'warn';
  app = await bootstrapSubgraph(AppModule.with(config, log), { service: 'communications', schema: COMMUNICATIONS_SCHEMA, config, log });
  db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const kafka = new Kafka({ clientId: 'comms-pay-it', brokers: [config.KAFKA_BROKERS], logLevel: logLevel.NOTHING });
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
  const look = await gql(
    'mutation($i:UpdateBrandLookInput!){ updateBrandLook(input:$i){ brandId } }',
    { i: { brandId, primaryColor: '#aa3300', secondaryColor: '#fff4e8', logoUrl: 'https://fietsenvermeulen.example/logo.png' } },
    { identity: ADMIN },
  );
  expect(look.errors).toBeUndefined();
}, 120000);

afterAll(async () => {
  await producer?.disconnect();
  await db?.end();
  await app?.close();
  await smtp?.close();
}, 60000);

describe('the pay link in the case copy', () => {
  it('keeps the token CaseOpened carries, its SHA-256 and its expiry', async () => {
    const { row, payLink } = await openCase();
    expect(row).toMatchObject({ pay_link_token: payLink!.token, pay_link_hash: sha256(payLink!.token) });
    expect((row.pay_link_expires_at as Date).toISOString()).toBe(payLink!.expiresAt);
  });

  it('takes a newer one from PayLinkIssued once, and an older one arriving late changes nothing', async () => {
    const { caseId, payLink } = await openCase();
    const next = { token: newToken(), expiresAt: inDays(400) };
    const issued = createEvent(PayLinkIssued, { aggregateId: caseId, clientId, payload: { caseId, ...next } });
    const stale = createEvent(PayLinkIssued, {
      aggregateId: caseId,
      clientId,
      occurredAt: new Date(now().getTime() - 3_600_000),
      payload: { caseId, token: newToken(), expiresAt: inDays(300) },
    });
    await publish(issued, issued, stale);
    await eventually(async () => {
      // The case copy's own consumer (the disputes consumer reads the same topic and records them too).
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM communications.processed_events WHERE event_id = ANY($1::uuid[]) AND consumer LIKE '%.communications.cases'`,
        [[issued.id, stale.id]],
      );
      if (rows[0].n !== 2) throw new Error('not consumed yet');
    });
    const { rows } = await db.query(`SELECT pay_link_token, pay_link_hash FROM communications.case_contacts WHERE case_id = $1`, [caseId]);
    expect(rows[0]).toEqual({ pay_link_token: next.token, pay_link_hash: sha256(next.token) });
    // The page opens with the new token only.
    expect((await gql<Page>(PAGE, { t: next.token })).data?.payPage.language).toBe('nl');
    expect((await gql(PAGE, { t: payLink!.token })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('the pay link in what is sent', () => {
  it("prints the case's own link — the gateway's /pay and the token — in a rendered template and in the e-mail sent", async () => {
    const { caseId, payLink } = await openCase();
    const link = `http://127.0.0.1:4000/pay/${payLink!.token}`;
    const { context } = await app
      .get(CommunicationContextService)
      .forCase({ caseId, kind: 'reminder', language: 'nl', channel: 'sms', amounts: null, now: now() });
    expect(context.payment.link).toBe(link);
    const sms = composeSms({ source: defaultTemplate('reminder', 'nl', 'sms').text, context, language: 'nl' });
    expect(sms.text).toContain(link);

    const email = `lotte+${run}-mail@example.org`;
    const sent = await openCase({ email });
    const requestId = crypto.randomUUID();
    await publish(
      createEvent(CommunicationRequested, {
        aggregateId: sent.caseId,
        clientId,
        payload: {
          requestId,
          caseId: sent.caseId,
          clientId,
          brandId,
          channel: 'email',
          kind: 'reminder',
          requestedBy: 'scenario:step-1',
          amounts: null,
        },
      }),
    );
    const mail = await eventually(async () => {
      const found = smtp.arrived.find((a) => a.envelope.rcptTo.some((r) => r.address === email));
      if (!found) throw new Error('not sent yet');
      return found;
    });
    const parsed = await simpleParser(mail.raw);
    expect(`${parsed.text}`).toContain(`http://127.0.0.1:4000/pay/${sent.payLink!.token}`);

    // The page lists it, without its body.
    const page = await eventually(async () => {
      const p = await gql<Page>(PAGE, { t: sent.payLink!.token });
      if (!p.data?.payPage.letters.length) throw new Error('not listed yet');
      return p.data.payPage;
    });
    expect(page.letters).toEqual([
      { id: expect.any(String), sentAt: expect.any(String), kind: 'reminder', channel: 'email', subject: parsed.subject },
    ]);
  });

  it("gives a letter of the link's case as its PDF, and nothing of another case or of a message without one", async () => {
    const mine = await openCase({ email: `lotte+${run}-letters@example.org` });
    const other = await openCase();
    const request = (caseId: string, channel: 'letter' | 'email') =>
      publish(
        createEvent(CommunicationRequested, {
          aggregateId: caseId,
          clientId,
          payload: {
            requestId: crypto.randomUUID(),
            caseId,
            clientId,
            brandId,
            channel,
            kind: 'reminder',
            requestedBy: 'scenario:step-1',
            amounts: null,
          },
        }),
      );
    await request(mine.caseId, 'letter');
    await request(mine.caseId, 'email');
    const LETTERS = 'query($t:String!){ payPage(token:$t){ letters { id channel hasPdf } } }';
    // An address of its own: its refusals count against no other test's tries.
    const own = { address: '198.51.100.77' };
    const letters = await eventually(async () => {
      const p = await gql<{ payPage: { letters: { id: string; channel: string; hasPdf: boolean }[] } }>(LETTERS, {
        t: mine.payLink!.token,
      });
      if ((p.data?.payPage.letters.length ?? 0) < 2) throw new Error('not both sent yet');
      return p.data!.payPage.letters;
    }, 60000);
    const letter = letters.find((l) => l.channel === 'letter')!;
    const email = letters.find((l) => l.channel === 'email')!;
    expect([letter.hasPdf, email.hasPdf]).toEqual([true, false]);

    const PDF = 'query($t:String!,$l:ID!){ payPageLetterPdf(token:$t, letterId:$l) }';
    const pdf = await gql<{ payPageLetterPdf: string }>(PDF, { t: mine.payLink!.token, l: letter.id }, own);
    expect(Buffer.from(pdf.data!.payPageLetterPdf, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    for (const [t, l] of [
      [other.payLink!.token, letter.id],
      [mine.payLink!.token, email.id],
      [mine.payLink!.token, 'not-an-id'],
    ]) {
      const refused = await gql(PDF, { t, l }, own);
      expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  }, 90000);

  it('keeps the old short code for a case whose events had no pay link', async () => {
    const { caseId } = await openCase({ payLink: null });
    const { context } = await app
      .get(CommunicationContextService)
      .forCase({ caseId, kind: 'reminder', language: 'nl', channel: 'email', amounts: null, now: now() });
    expect(context.payment.link).toMatch(/^http:\/\/127\.0\.0\.1:4000\/pay\/[A-Za-z0-9_-]{10}$/);
  });
});

describe('payPage', () => {
  it("shows, by the token alone, the brand's look and the transfer of the case", async () => {
    const { payLink, caseNumber } = await openCase();
    const res = await gql<Page>(PAGE, { t: payLink!.token });
    expect(res.errors).toBeUndefined();
    const page = res.data!.payPage;
    expect(page.brand).toEqual({
      name: 'Fietsen Vermeulen',
      senderName: 'Fietsen Vermeulen',
      logoUrl: 'https://fietsenvermeulen.example/logo.png',
      primaryColor: '#aa3300',
      secondaryColor: '#fff4e8',
      email: 'betalingen@fietsenvermeulen.example',
      phone: '+3231234568',
      website: null,
    });
    expect(page).toMatchObject({ language: 'nl', expiresAt: payLink!.expiresAt, letters: [] });
    // The brand has no account of its own: the agency's third-party account, in the agency's name, with the case's OGM.
    expect(page.transfer).toMatchObject({
      beneficiary: 'Amicus Incasso NV',
      iban: 'BE68539007547034',
      bic: 'GKCCBEBB',
      reference: ogmFromNumber(caseNumber).formatted,
      referenceScheme: 'ogm',
      amountMinor: null,
      currency: 'EUR',
    });
    expect(page.transfer.qrSvg).toMatch(/^data:image\/svg\+xml;base64,/);
  });

  it('gives the EPC QR code of the amount the debtor chooses', async () => {
    const { payLink, caseNumber } = await openCase();
    const res = await gql<Page>(PAGE, { t: payLink!.token, a: '12550' });
    const transfer = res.data!.payPage.transfer;
    expect(transfer.amountMinor).toBe('12550');
    const expected = await epcQrSvgDataUrl({
      beneficiaryName: 'Amicus Incasso NV',
      iban: 'BE68539007547034',
      bic: 'GKCCBEBB',
      amountMinor: 12550n,
      remittance: { kind: 'structured', reference: ogmFromNumber(caseNumber).formatted },
    });
    expect(transfer.qrSvg).toBe(expected);
    const other = await gql<Page>(PAGE, { t: payLink!.token, a: '43850' });
    expect(other.data!.payPage.transfer.qrSvg).not.toBe(expected);
    const bad = await gql<Page>(PAGE, { t: payLink!.token, a: '125.50' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'amountMinor', reason: expect.any(String) }],
    });
  });

  it('answers a wrong, an expired and a malformed token alike: NOT_FOUND, the same message — and a staff identity changes nothing', async () => {
    const expired = await openCase({ payLink: { token: newToken(), expiresAt: inDays(-1) } });
    const answers = await Promise.all([
      gql(PAGE, { t: newToken() }),
      gql(PAGE, { t: expired.payLink!.token }),
      gql(PAGE, { t: 'not a token' }),
      gql(PAGE, { t: newToken() }, { identity: ADMIN }),
    ]);
    for (const a of answers) {
      expect(a.data).toBeNull();
      expect(a.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(new Set(answers.map((a) => a.errors![0]!.message)).size).toBe(1);
  });

  it('refuses an address after 20 failed tries, even with a good token: TOO_MANY_REQUESTS', async () => {
    const { payLink } = await openCase();
    const address = anAddress();
    for (let i = 0; i < 20; i++) expect((await gql(PAGE, { t: newToken() }, { address })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const tripped = await gql(PAGE, { t: payLink!.token }, { address });
    expect(tripped.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: expect.any(Number) });
    expect((await gql(PAGE, { t: payLink!.token })).errors).toBeUndefined();
  });
});
