import { Kafka, logLevel, Producer } from 'kafkajs';
import { simpleParser } from 'mailparser';
import { CaseOpened, CommunicationRequested, CommunicationSent, createEvent, topics, type EventEnvelope } from '@amicus/events';
import { startSmtpServer } from '@amicus/test-smtp';
import { SystemUnderTest, eventually } from './support/system';
import { zoneWhereItIs } from './support/fixtures';

/**
 * Issue 5 through the gateway: cases' events in (published here as cases would), an e-mail out
 * to a real SMTP server on loopback, the status and the refusals read back through GraphQL.
 */
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let system: SystemUnderTest;
let producer: Producer;
let kafka: Kafka;
let token = '';
const run = crypto.randomUUID().slice(0, 8);

beforeAll(async () => {
  smtp = await startSmtpServer();
  system = new SystemUnderTest('e2e_comms', 14300, {
    KAFKA_TOPIC_PREFIX: 'e2e_comms.',
    SMTP_PORT: String(smtp.port),
    SCHEDULER_INTERVAL_MS: '200',
  });
  await system.resetDatabase();
  await system.startAll(['gateway', 'cases', 'communications', 'billing', 'reporting']);
  kafka = new Kafka({ clientId: 'e2e-comms', brokers: [process.env.KAFKA_BROKERS ?? '127.0.0.1:9092'], logLevel: logLevel.NOTHING });
  producer = kafka.producer();
  await producer.connect();
  const login = await system.graphql<{ login: { token: string } }>(
    'mutation{ login(email:"admin@amicus.local", password:"amicus-admin"){ token } }',
  );
  token = login.data!.login.token;
}, 150000);

afterAll(async () => {
  await producer?.disconnect();
  await system?.stopAll();
  await smtp?.close();
}, 60000);

async function publish(e: EventEnvelope, topic: string): Promise<void> {
  await producer.send({ topic, messages: [{ key: e.aggregateId, value: JSON.stringify(e) }] });
}

async function brand(): Promise<{ clientId: string; brandId: string }> {
  const client = await system.graphql<{ createClient: { id: string } }>(
    'mutation($i:CreateClientInput!){ createClient(input:$i){ id } }',
    { i: { name: `Fietsen ${run}`, country: 'BE' } },
    token,
  );
  const clientId = client.data!.createClient.id;
  const created = await system.graphql<{ createBrand: { id: string } }>(
    'mutation($i:CreateBrandInput!){ createBrand(input:$i){ id } }',
    { i: { clientId, name: `Velo ${run}`, languages: ['nl'], email: `pay+${run}@velo.example`, phone: '+3231234568' } },
    token,
  );
  const brandId = created.data!.createBrand.id;
  await eventually(
    async () => {
      const looks = await system.graphql<{ brandLooks: { brandId: string }[] }>('{ brandLooks { brandId } }', {}, token);
      if (!looks.data?.brandLooks.some((b) => b.brandId === brandId)) throw new Error('no look yet');
    },
    30000,
    250,
  );
  return { clientId, brandId };
}

async function openCase(clientId: string, brandId: string, email: string, hour: number): Promise<string> {
  const caseId = crypto.randomUUID();
  const debtor = {
    kind: 'consumer' as const,
    name: `Griet Claes ${run}`,
    country: 'BE',
    language: 'nl',
    timeZone: zoneWhereItIs(hour),
    vatNumber: null,
    emails: [email],
    phones: [],
    addresses: [{ lines: ['Kerkstraat 12'], postcode: '2000', city: 'Antwerpen', country: 'BE' }],
    preferredChannel: 'email' as const,
  };
  await publish(
    createEvent(CaseOpened, {
      aggregateId: caseId,
      clientId,
      payload: { caseId, clientId, brandId, debtorId: crypto.randomUUID(), debtor, currency: 'EUR', placementId: null },
    }),
    system.topic(topics.cases),
  );
  const amounts = {
    principalMinor: '43850',
    interestMinor: '0',
    damagesMinor: '0',
    costsMinor: '0',
    paidMinor: '0',
    totalMinor: '43850',
    currency: 'EUR',
  };
  await publish(
    createEvent(CommunicationRequested, {
      aggregateId: caseId,
      clientId,
      payload: {
        requestId: crypto.randomUUID(),
        caseId,
        clientId,
        brandId,
        kind: 'reminder',
        channel: 'email',
        requestedBy: 'scenario:e2e',
        amounts,
      },
    }),
    system.topic(topics.cases),
  );
  return caseId;
}

const COMMUNICATIONS =
  'query($c:ID!){ communications(caseId:$c){ id status channel recipient notBefore refusal { rule reason } history { status } } }';
type Listed = {
  communications: {
    id: string;
    status: string;
    recipient: string;
    notBefore: string | null;
    refusal: { rule: string } | null;
    history: { status: string }[];
  }[];
};

describe('communications through the whole system', () => {
  it('sends a requested reminder by e-mail in the brand name with the debtor data, and announces CommunicationSent', async () => {
    const { clientId, brandId } = await brand();
    const sentEvents: EventEnvelope[] = [];
    const consumer = kafka.consumer({ groupId: `e2e-comms-watch-${run}` });
    await consumer.connect();
    await consumer.subscribe({ topics: [system.topic(topics.communications)], fromBeginning: false });
    const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
    await consumer.run({
      eachMessage: async ({ message }) => void sentEvents.push(JSON.parse(message.value!.toString()) as EventEnvelope),
    });
    await joined;
    try {
      const email = `griet+${run}@example.org`;
      const caseId = await openCase(clientId, brandId, email, 12);
      const mail = await eventually(
        async () => {
          const found = smtp.arrived.find((a) => a.envelope.rcptTo.some((r) => r.address === email));
          if (!found) throw new Error('no mail yet');
          return simpleParser(found.raw);
        },
        30000,
        200,
      );
      expect(mail.from?.text).toContain(`Velo ${run}`);
      expect(mail.text).toContain(`Griet Claes ${run}`);
      expect(mail.text).toContain('438,50');
      const listed = await eventually(
        async () => {
          const res = await system.graphql<Listed>(COMMUNICATIONS, { c: caseId }, token);
          if (res.data?.communications[0]?.status !== 'sent') throw new Error(JSON.stringify(res));
          return res.data.communications[0];
        },
        10000,
        200,
      );
      expect(listed).toMatchObject({ status: 'sent', recipient: email, history: [{ status: 'requested' }, { status: 'sent' }] });
      const event = await eventually(
        async () => {
          const found = sentEvents.find(
            (e) => e.type === CommunicationSent.type && (e.payload as { communicationId: string }).communicationId === listed.id,
          );
          if (!found) throw new Error('no CommunicationSent on Kafka yet');
          return found;
        },
        15000,
        200,
      );
      expect(event.payload).toMatchObject({ caseId, channel: 'email', recipient: email, kind: 'reminder' });
    } finally {
      await consumer.disconnect();
    }
  });

  it('schedules a reminder that would reach the debtor at night, with its rule and the moment it may go', async () => {
    const { clientId, brandId } = await brand();
    const caseId = await openCase(clientId, brandId, `nacht+${run}@example.org`, 3);
    const listed = await eventually(
      async () => {
        const res = await system.graphql<Listed>(COMMUNICATIONS, { c: caseId }, token);
        if (res.data?.communications[0]?.status !== 'scheduled') throw new Error(JSON.stringify(res));
        return res.data.communications[0];
      },
      30000,
      200,
    );
    expect(listed.refusal?.rule).toMatch(/^BE-A-4/);
    expect(new Date(listed.notBefore!).getTime()).toBeGreaterThan(Date.now());
  });

  it('refuses to activate a template without the agency registration, naming the rule', async () => {
    const created = await system.graphql<{ createTemplateVersion: { id: string } }>(
      'mutation($i:CreateTemplateVersionInput!){ createTemplateVersion(input:$i){ id } }',
      {
        i: {
          kind: 'formal_notice',
          language: 'fr',
          channel: 'letter',
          html: '<p>Madame, Monsieur {{debtor.name}}, veuillez payer {{money amounts.total}}.</p>',
        },
      },
      token,
    );
    const refused = await system.graphql(
      'mutation($id:ID!){ activateTemplateVersion(id:$id){ id } }',
      { id: created.data!.createTemplateVersion.id },
      token,
    );
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0].extensions?.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'BE-A-1.registration', reason: expect.stringContaining('BE-A-1') })]),
    );
  });
});
