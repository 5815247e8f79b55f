import type { NestExpressApplication } from '@nestjs/platform-express';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { Client } from 'pg';
import { DEV_SECRETS, GATEWAY_ASSERTION_HEADER, Identity, signGatewayAssertion } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import { BrandCreated, CaseOpened, ClaimPlaced, ClientOnboarded, createEvent, topicOf, type EventEnvelope } from '@amicus/events';
import { bootstrapSubgraph, createLogger } from '@amicus/service-runtime';
import { AppModule, COMMUNICATIONS_SCHEMA } from '../src/app.module';
import { readCommunicationsConfig } from '../src/config';
import { DEFAULT_TEMPLATES } from '../src/templates/default-templates/default-templates';
import { zoneWhereItIs } from './loopback-parties';

/**
 * The template editor's preview of an unsaved text (templateDraftPreview) and the agency default
 * set a brand's template starts from (defaultTemplates), as the service runs (real Postgres and
 * Kafka): a draft renders as the same text saved would, with the legal mentions check; a syntax
 * error is BAD_USER_INPUT on input.body with its line and column; only the agency admin asks.
 */
const DB = `amicus_comms_tpl_${process.pid}`;
const DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${DB}`;
const PORT = 14421;
const GATEWAY_SECRET = 'it-gateway-secret';
const ADMIN: Identity = { subject: 'admin-1', role: 'agency_admin', clientId: null, brandIds: [], email: 'admin@amicus.local' };

let app: NestExpressApplication;
let producer: Producer;
let db: Client;
const clientId = crypto.randomUUID();
const brandId = crypto.randomUUID();
const otherBrandId = crypto.randomUUID();
const run = clientId.slice(0, 8);
const TOPIC_PREFIX = `comms-tpl-${run}.`;
const AGENT: Identity = { subject: 'agent-1', role: 'agent', clientId: null, brandIds: [brandId], email: 'agent@amicus.local' };
const CLIENT_USER: Identity = { subject: 'client-1', role: 'client_user', clientId, brandIds: [], email: 'client@example.org' };
let caseId: string;

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

async function gql<T = Record<string, unknown>>(query: string, variables: object = {}, identity: Identity = ADMIN): Promise<Gql<T>> {
  const res = await fetch(`http://127.0.0.1:${PORT}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [GATEWAY_ASSERTION_HEADER]: signGatewayAssertion(identity, DEV_SECRETS.gatewayPrivateKey, 'communications'),
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as Gql<T>;
}

async function publish(...events: EventEnvelope[]): Promise<void> {
  for (const e of events)
    await producer.send({ topic: TOPIC_PREFIX + topicOf(e), messages: [{ key: e.aggregateId, value: JSON.stringify(e) }] });
}

const DRAFT = `query($i: TemplateDraftPreviewInput!) { templateDraftPreview(input: $i) {
  channel valid problems { code message variable mentionId line } subject html text smsSegments smsEncoding } }`;
type Preview = {
  channel: string;
  valid: boolean;
  problems: { code: string; message: string; variable: string | null; mentionId: string | null; line: number | null }[];
  subject: string | null;
  html: string | null;
  text: string | null;
  smsSegments: number | null;
  smsEncoding: string | null;
};

/** The first reminder's default letter, as a brand would start from it. */
const LETTER = DEFAULT_TEMPLATES.first_reminder.nl.letter.html;

beforeAll(async () => {
  const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
  const config = readCommunicationsConfig({
    PORT: String(PORT),
    DATABASE_URL,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    KAFKA_GROUP_PREFIX: `comms-tpl-${Date.now()}.`,
    KAFKA_TOPIC_PREFIX: TOPIC_PREFIX,
    GATEWAY_SECRET,
    SMTP_PORT: '14429',
    SCHEDULER_INTERVAL_MS: '60000',
    PDF_POOL_SIZE: '1',
  });
  const log = createLogger('communications-tpl-it');
  log.level = 'warn';
  app = await bootstrapSubgraph(AppModule.with(config, log), { service: 'communications', schema: COMMUNICATIONS_SCHEMA, config, log });
  db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const kafka = new Kafka({ clientId: 'comms-tpl-it', brokers: [config.KAFKA_BROKERS], logLevel: logLevel.NOTHING });
  producer = kafka.producer();
  await producer.connect();
  const brand = (id: string, name: string) =>
    createEvent(BrandCreated, {
      aggregateId: clientId,
      clientId,
      payload: { brandId: id, clientId, name, languages: ['nl', 'fr'], email: 'betalingen@fietsenvermeulen.example', phone: '+3231234568' },
    });
  caseId = crypto.randomUUID();
  await publish(
    createEvent(ClientOnboarded, {
      aggregateId: clientId,
      clientId,
      payload: { clientId, name: 'Fietsen Vermeulen BV', country: 'BE', enterpriseNumber: 'BE 0123.456.749', sme: true },
    }),
    brand(brandId, 'Fietsen Vermeulen'),
    brand(otherBrandId, 'Vermeulen Outlet'),
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
          name: 'Lotte Janssens',
          country: 'BE',
          language: 'nl',
          timeZone: zoneWhereItIs(12, app.get(Clock).now()),
          vatNumber: null,
          emails: [`lotte+${run}@example.org`],
          phones: [],
          addresses: [{ lines: ['Bredabaan 7'], postcode: '2930', city: 'Brasschaat', country: 'BE' }],
          preferredChannel: 'letter',
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
        invoiceNumber: 'F2025-0777',
        issueDate: '2025-01-02',
        dueDate: '2025-02-01',
        principalMinor: '43850',
        currency: 'EUR',
        description: null,
        placementId: null,
      },
    }),
  );
  await eventually(async () => {
    const { rows } = await db.query(
      `SELECT (SELECT count(*) FROM communications.brand_looks WHERE brand_id = ANY($1)) AS looks,
              (SELECT jsonb_array_length(claims) FROM communications.case_contacts WHERE case_id = $2) AS claims`,
      [[brandId, otherBrandId], caseId],
    );
    if (Number(rows[0].looks) !== 2 || rows[0].claims !== 1) throw new Error('brands and case not consumed yet');
  }, 60000);
}, 120000);

afterAll(async () => {
  await producer?.disconnect();
  await db?.end();
  await app?.close();
}, 60000);

describe('templateDraftPreview', () => {
  it('renders an unsaved letter exactly as the same text saved renders, with its PDF', async () => {
    const body = LETTER.replace('{{debtor.name}}', '{{debtor.name}} (Zeppelin 4711)');
    const draft = await gql<{ templateDraftPreview: Preview }>(DRAFT, { i: { brandId, kind: 'first_reminder', language: 'nl', body } });
    expect(draft.errors).toBeUndefined();
    const p = draft.data!.templateDraftPreview;
    expect(p).toMatchObject({ channel: 'letter', valid: true, problems: [], subject: null, text: null });
    expect(p.html).toContain('Jan Peeters (Zeppelin 4711)');

    const saved = await gql<{ createTemplateVersion: { id: string } }>(
      'mutation($i: CreateTemplateVersionInput!) { createTemplateVersion(input: $i) { id } }',
      { i: { brandId, kind: 'first_reminder', language: 'nl', channel: 'letter', html: body } },
    );
    const version = await gql<{ previewTemplate: Preview }>(
      'query($id: ID!) { previewTemplate(versionId: $id) { channel valid problems { code message variable mentionId line } subject html text smsSegments smsEncoding } }',
      { id: saved.data!.createTemplateVersion.id },
    );
    expect(version.data!.previewTemplate).toEqual(p);

    // Letters printed by the pool (the editor asks for one on demand; HTML on each pause in typing): the first, and one after.
    const times: number[] = [];
    for (let i = 0; i < 2; i++) {
      const started = performance.now();
      const pdf = await gql<{ templateDraftPreview: { pdfBase64: string | null } }>(
        'query($i: TemplateDraftPreviewInput!) { templateDraftPreview(input: $i) { pdfBase64 } }',
        { i: { brandId, kind: 'first_reminder', language: 'nl', body } },
      );
      times.push(Math.round(performance.now() - started));
      const bytes = Buffer.from(pdf.data!.templateDraftPreview.pdfBase64!, 'base64');
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }
    const started = performance.now();
    await gql(DRAFT, { i: { brandId, kind: 'first_reminder', language: 'nl', body } });
    const htmlMs = Math.round(performance.now() - started);
    process.stdout.write(`templateDraftPreview: letter PDF ${times.join(' ms, then ')} ms; its HTML alone ${htmlMs} ms\n`);
  });

  it("renders an e-mail's subject, body and text part, and an SMS with its segments", async () => {
    const email = await gql<{ templateDraftPreview: Preview }>(DRAFT, {
      i: {
        kind: 'payment_receipt',
        language: 'en',
        channel: 'email',
        subject: 'Thank you, {{debtor.name}}',
        body: '<p>We received your payment for {{case.reference}}.</p>',
        text: 'We received your payment for {{case.reference}}.',
      },
    });
    expect(email.errors).toBeUndefined();
    expect(email.data!.templateDraftPreview).toMatchObject({ channel: 'email', subject: 'Thank you, Jan Peeters' });
    expect(email.data!.templateDraftPreview.html).toContain('We received your payment for');
    expect(email.data!.templateDraftPreview.text).toContain('We received your payment for');
    const sms = await gql<{ templateDraftPreview: Preview }>(DRAFT, {
      i: { kind: 'reminder', language: 'nl', channel: 'sms', body: 'Beste {{debtor.name}}, betaal via {{payment.link}}' },
    });
    expect(sms.data!.templateDraftPreview).toMatchObject({ channel: 'sms', smsSegments: 1, smsEncoding: 'GSM-7' });
    expect(sms.data!.templateDraftPreview.text).toMatch(/^Beste Jan Peeters, betaal via /);
  });

  it('reports the legal mentions a draft lacks, naming each, and still renders it', async () => {
    const res = await gql<{ templateDraftPreview: Preview }>(DRAFT, {
      i: { kind: 'first_reminder', language: 'nl', body: '<p>Beste {{debtor.name}}, betaal {{money amounts.total}}.</p>' },
    });
    const p = res.data!.templateDraftPreview;
    expect(p.valid).toBe(false);
    expect(p.problems.every((x) => x.code === 'missing_mention')).toBe(true);
    expect(p.problems.map((x) => x.mentionId)).toEqual(expect.arrayContaining(['BE-A-1.registration', 'BE-C-3.damages']));
    expect(p.html).toContain('Beste Jan Peeters, betaal');
  });

  it('names an unknown variable and renders nothing (as for a saved version)', async () => {
    const res = await gql<{ templateDraftPreview: Preview }>(DRAFT, {
      i: { kind: 'first_reminder', language: 'nl', body: '<p>{{debtor.nickname}}</p>' },
    });
    const p = res.data!.templateDraftPreview;
    expect(p.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'unknown_variable', variable: 'debtor.nickname' })]),
    );
    expect(p.html).toBeNull();
  });

  it('refuses a syntax error as BAD_USER_INPUT on input.body with its line and column', async () => {
    const res = await gql(DRAFT, {
      i: { kind: 'first_reminder', language: 'nl', body: '<p>Beste {{debtor.name}},</p>\n<p>{{#if debtor.name}}u bent het</p>' },
    });
    expect(res.data).toBeNull();
    expect(res.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'input.body', reason: 'line 2, column 4: {{#if}} is never closed: the template ends before its {{/if}}' }],
      syntax: [{ field: 'input.body', line: 2, column: 4 }],
    });
  });

  it('refuses a body over 100 kB, saying so on input.body', async () => {
    const body = `<p>${'x'.repeat(150 * 1024)}</p>`;
    const res = await gql(DRAFT, { i: { kind: 'first_reminder', language: 'nl', body } });
    expect(res.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'input.body', reason: `is ${body.length} bytes; a template body may hold at most 102400 bytes (100 kB)` }],
    });
  });

  it("renders for a real case of the template's brand; another brand's case and an unknown case are refused on input.caseId", async () => {
    const own = await gql<{ templateDraftPreview: Preview }>(DRAFT, {
      i: { brandId, caseId, kind: 'first_reminder', language: 'nl', body: LETTER },
    });
    expect(own.errors).toBeUndefined();
    expect(own.data!.templateDraftPreview.html).toContain('Lotte Janssens');
    expect(own.data!.templateDraftPreview.html).toContain('F2025-0777');

    const other = await gql(DRAFT, { i: { brandId: otherBrandId, caseId, kind: 'first_reminder', language: 'nl', body: LETTER } });
    expect(other.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'input.caseId' }] });
    const unknown = await gql(DRAFT, { i: { caseId: crypto.randomUUID(), kind: 'first_reminder', language: 'nl', body: LETTER } });
    expect(unknown.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', problems: [{ field: 'input.caseId' }] });
    const noBrand = await gql(DRAFT, { i: { brandId: crypto.randomUUID(), kind: 'first_reminder', language: 'nl', body: LETTER } });
    expect(noBrand.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', problems: [{ field: 'input.brandId' }] });
  });

  it.each([
    ['a client user', CLIENT_USER],
    ['an agent of the brand', AGENT],
  ])('is the agency admin’s only: %s is FORBIDDEN', async (_who, identity) => {
    const res = await gql(DRAFT, { i: { brandId, kind: 'first_reminder', language: 'nl', body: LETTER } }, identity);
    expect(res.data).toBeNull();
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('defaultTemplates', () => {
  const DEFAULTS = `query($k: String, $l: String, $c: String) { defaultTemplates(kind: $k, language: $l, channel: $c) {
    kind language channel source versionId version subject html text } }`;
  type Default = {
    kind: string;
    source: string;
    versionId: string | null;
    html: string | null;
    subject: string | null;
    text: string | null;
  };

  it('gives the built-in text until the agency activates its own, then the agency version', async () => {
    const before = await gql<{ defaultTemplates: Default[] }>(DEFAULTS, { k: 'reminder', l: 'fr', c: 'letter' });
    expect(before.data!.defaultTemplates).toEqual([
      {
        kind: 'reminder',
        language: 'fr',
        channel: 'letter',
        source: 'built_in',
        versionId: null,
        version: null,
        subject: null,
        html: DEFAULT_TEMPLATES.reminder.fr.letter.html,
        text: null,
      },
    ]);
    const html = `${DEFAULT_TEMPLATES.reminder.fr.letter.html}\n<p>Agence: texte propre</p>`;
    const created = await gql<{ createTemplateVersion: { id: string } }>(
      'mutation($i: CreateTemplateVersionInput!) { createTemplateVersion(input: $i) { id } }',
      { i: { kind: 'reminder', language: 'fr', channel: 'letter', html } },
    );
    const id = created.data!.createTemplateVersion.id;
    expect((await gql('mutation($id: ID!) { activateTemplateVersion(id: $id) { status } }', { id })).errors).toBeUndefined();
    const after = await gql<{ defaultTemplates: Default[] }>(DEFAULTS, { k: 'reminder', l: 'fr', c: 'letter' });
    expect(after.data!.defaultTemplates).toEqual([expect.objectContaining({ source: 'agency', versionId: id, version: 1, html })]);
  });

  it('lists every kind, language and channel without a filter, an e-mail with its three parts', async () => {
    const all = await gql<{ defaultTemplates: (Default & { language: string; channel: string })[] }>(DEFAULTS);
    expect(all.data!.defaultTemplates).toHaveLength(Object.keys(DEFAULT_TEMPLATES).length * 4 * 3);
    const email = all.data!.defaultTemplates.find((d) => d.kind === 'first_reminder' && d.language === 'de' && d.channel === 'email')!;
    expect(email).toMatchObject(DEFAULT_TEMPLATES.first_reminder.de.email);
  });

  it('names an unknown kind', async () => {
    const res = await gql(DEFAULTS, { k: 'ransom_note' });
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'kind' }] });
  });

  it.each([
    ['a client user', CLIENT_USER],
    ['an agent', AGENT],
  ])('is the agency admin’s only: %s is FORBIDDEN', async (_who, identity) => {
    const res = await gql(DEFAULTS, {}, identity);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });
});
