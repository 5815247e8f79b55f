import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { DEV_SECRETS, GATEWAY_ASSERTION_HEADER, signGatewayAssertion } from '@amicus/auth';
import { CaseClosed, CaseOpened, ClaimPlaced, ClaimRecalled, EventEnvelope, createEvent, topicOf } from '@amicus/events';
import { SystemUnderTest, eventually } from './support/system';

/**
 * The whole system through the gateway only, the way a user's program would use it: real
 * Kafka, real Postgres, four subgraphs and the gateway as separate processes.
 */
// Topics of its own: no other test's events reach this system.
const system = new SystemUnderTest('e2e_skeleton', 14100, { KAFKA_TOPIC_PREFIX: 'e2e_skeleton.' });
const ADMIN = { email: 'admin@amicus.local', password: 'amicus-admin' };

const LOGIN = 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token user { role } } }';
const PORTFOLIO = '{ portfolioSummary { clientId clientName country openCases amounts { currency placedMinor } client { id name } } }';

async function login(email: string, password: string): Promise<string> {
  const res = await system.graphql<{ login: { token: string } }>(LOGIN, { e: email, p: password });
  if (!res.data?.login) throw new Error(`login failed: ${JSON.stringify(res.errors)}`);
  return res.data.login.token;
}

async function createClient(token: string, name: string, country = 'BE'): Promise<string> {
  const res = await system.graphql<{ createClient: { id: string } }>(
    'mutation($i:CreateClientInput!){ createClient(input:$i){ id } }',
    { i: { name, country } },
    token,
  );
  if (!res.data?.createClient) throw new Error(JSON.stringify(res.errors));
  return res.data.createClient.id;
}

let coldStartMs = 0;

beforeAll(async () => {
  await system.resetDatabase();
  const t0 = Date.now();
  // The gateway first: it serves the committed supergraph and reaches the subgraphs once they answer.
  await system.startAll(['gateway', 'cases', 'communications', 'billing', 'reporting']);
  coldStartMs = Date.now() - t0;
  process.stdout.write(`cold start of four subgraphs + gateway on a fresh database: ${coldStartMs} ms\n`);
}, 120000);

afterAll(() => system.stopAll(), 60000);

describe('the walking skeleton, end to end', () => {
  it('lets an agency admin log in, create a client, and see it in portfolioSummary within 5 seconds', async () => {
    const admin = await login(ADMIN.email, ADMIN.password);
    const name = `E2E Client ${Date.now()}`;
    const created = Date.now();
    const id = await createClient(admin, name, 'NL');
    const row = await eventually(async () => {
      const res = await system.graphql<{
        portfolioSummary: { clientId: string; clientName: string; country: string; client: { name: string } }[];
      }>(PORTFOLIO, {}, admin);
      const found = res.data?.portfolioSummary.find((p) => p.clientId === id);
      if (!found) throw new Error('not yet in the portfolio');
      return found;
    }, 5000);
    expect(Date.now() - created).toBeLessThan(5000);
    // reporting's own row, joined by the gateway with the cases subgraph's Client
    expect(row).toMatchObject({ clientName: name, country: 'NL', openCases: 0, amounts: [], client: { name } });
  });

  it('shows a client user of another client nothing of it', async () => {
    const admin = await login(ADMIN.email, ADMIN.password);
    const mine = await createClient(admin, `Mine ${Date.now()}`);
    const theirs = await createClient(admin, `Theirs ${Date.now()}`);
    const email = `user-${Date.now()}@mine.example`;
    const created = await system.graphql(
      'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
      { i: { email, password: 'long-enough-pass', role: 'client_user', clientId: mine } },
      admin,
    );
    expect(created.errors).toBeUndefined();
    const user = await login(email, 'long-enough-pass');

    // wait until reporting has both, seen by the admin
    await eventually(async () => {
      const all = await system.graphql<{ portfolioSummary: { clientId: string }[] }>(PORTFOLIO, {}, admin);
      const ids = all.data!.portfolioSummary.map((p) => p.clientId);
      if (!ids.includes(mine) || !ids.includes(theirs)) throw new Error('not consumed yet');
    }, 5000);

    const seen = await system.graphql<{ portfolioSummary: { clientId: string }[] }>(PORTFOLIO, {}, user);
    expect(seen.data!.portfolioSummary.map((p) => p.clientId)).toEqual([mine]);
    const clients = await system.graphql<{ clients: { id: string }[]; client: { id: string } | null }>(
      'query($id:ID!){ clients { id } client(id:$id) { id } }',
      { id: theirs },
      user,
    );
    expect(clients.data).toEqual({ clients: [{ id: mine }], client: null });
    // and it may not create clients
    const refused = await system.graphql('mutation{ createClient(input:{name:"X", country:"BE"}){ id } }', {}, user);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('answers an unauthenticated call with an authentication error', async () => {
    const res = await system.graphql(PORTFOLIO);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a forged or expired token at the gateway', async () => {
    const res = await system.graphql(PORTFOLIO, {}, 'not-a-token');
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const bad = await system.graphql(LOGIN, { e: ADMIN.email, p: 'wrong password' });
    expect(bad.errors?.[0]).toMatchObject({ message: 'wrong e-mail or password', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('gives a call straight to a subgraph an error, never data', async () => {
    for (const name of ['cases', 'communications', 'billing', 'reporting'] as const) {
      const res = await fetch(`http://127.0.0.1:${system.portOf(name)}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-amicus-gateway-assertion': 'forged' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(res.status).toBe(401);
      const body = (await res.json()) as { data?: unknown; errors: { message: string }[] };
      expect(body.data).toBeUndefined();
      expect(body.errors[0].message).toMatch(/gateway/);
    }
  });

  it('names the bad field of a bad input', async () => {
    const admin = await login(ADMIN.email, ADMIN.password);
    const res = await system.graphql(
      'mutation{ createClient(input:{name:"X", country:"XX", enterpriseNumber:"0417497107"}){ id } }',
      {},
      admin,
    );
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [
        { field: 'input.country', reason: expect.stringMatching(/not an ISO 3166-1/) },
        { field: 'input.enterpriseNumber', reason: expect.any(String) },
      ],
    });
  });

  it('carries a large upload (a placement file, base64) through the gateway to a subgraph', async () => {
    // 3 MB: over the 1 MB any request may carry, within what a signed-in caller's upload may (gateway/README.md).
    const big = Buffer.from('x'.repeat(3 * 1024 * 1024)).toString('base64');
    const admin = await login(ADMIN.email, ADMIN.password);
    const res = await system.graphql(
      'mutation($i:PlacementFileInput!){ importPlacementFile(input:$i){ rowsRead } }',
      { i: { clientId: '00000000-0000-4000-8000-000000000000', fileName: 'big.csv', contentBase64: big } },
      admin,
    );
    // the cases subgraph read it and answered about its client (no 413 from a body limit on the way)
    expect(res.errors?.[0]).toMatchObject({ extensions: { serviceName: 'cases' } });
    expect(res.errors?.[0].message).not.toMatch(/maxBodyBytes/);
  });

  it('reports database and Kafka in every service health', async () => {
    for (const name of ['cases', 'communications', 'billing', 'reporting'] as const) {
      const res = await fetch(`http://127.0.0.1:${system.portOf(name)}/health`);
      expect(await res.json()).toEqual({ status: 'ok', database: 'up', kafka: 'up', consumers: 'running' });
    }
    const gateway = await fetch(system.gatewayUrl.replace(/graphql$/, 'health'));
    expect(gateway.status).toBe(200);
  });

  it('serves Prometheus metrics from every service and the gateway: requests by route and status, the outbox backlog, parked messages', async () => {
    const scrape = async (url: string) => {
      const res = await fetch(url);
      expect([res.status, res.headers.get('content-type')]).toEqual([200, expect.stringContaining('text/plain')]);
      return res.text();
    };
    // A request count of the route with the service's label, however the labels are ordered.
    const counted = (text: string, service: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith('amicus_http_request_duration_seconds_count{'))
        .filter((l) => l.includes('route="/graphql"') && l.includes(`service="${service}"`))
        .reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
    for (const name of ['cases', 'communications', 'billing', 'reporting'] as const) {
      const text = await scrape(`http://127.0.0.1:${system.portOf(name)}/metrics`);
      // The calls above went through /graphql: counted under the route alone, no id in a label.
      expect(counted(text, name)).toBeGreaterThan(0);
      expect(text).toMatch(/^amicus_outbox_backlog\{service="[a-z]+"\} \d+$/m);
      expect(text).toContain('# TYPE amicus_parked_messages gauge');
      expect(text).toMatch(/^process_cpu_seconds_total\{service="[a-z]+"\} /m);
    }
    expect(counted(await scrape(system.gatewayUrl.replace(/graphql$/, 'metrics')), 'gateway')).toBeGreaterThan(0);
  });

  it('serves from each subgraph exactly the SDL committed in services/<name>/schema.graphql', async () => {
    for (const name of ['cases', 'communications', 'billing', 'reporting'] as const) {
      const res = await fetch(`http://127.0.0.1:${system.portOf(name)}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [GATEWAY_ASSERTION_HEADER]: signGatewayAssertion(
            null,
            process.env.GATEWAY_ASSERTION_PRIVATE_KEY ?? DEV_SECRETS.gatewayPrivateKey,
            name,
          ),
        },
        body: JSON.stringify({ query: '{ _service { sdl } }' }),
      });
      const served = ((await res.json()) as { data: { _service: { sdl: string } } }).data._service.sdl;
      const committed = fs.readFileSync(path.join(__dirname, '..', 'services', name, 'schema.graphql'), 'utf8');
      // the file is the served SDL under its one-line "generated" header
      expect(committed.replace(/^#.*\n/, '')).toBe(`${served}\n`);
    }
  });

  it('picks up a subgraph that restarts, and delivers what happened while it was down', async () => {
    const admin = await login(ADMIN.email, ADMIN.password);
    await system.stop('reporting');
    const down = await system.graphql(PORTFOLIO, {}, admin);
    expect(down.errors?.length).toBeGreaterThan(0);
    // created while reporting is down: the event waits in Kafka for its consumer
    const id = await createClient(admin, `While down ${Date.now()}`);
    system.start('reporting');
    const res = await eventually(
      async () => {
        const r = await system.graphql<{ portfolioSummary: { clientId: string }[] }>(PORTFOLIO, {}, admin);
        if (!r.data?.portfolioSummary.some((p) => p.clientId === id)) throw new Error('not yet');
        return r;
      },
      30000,
      250,
    );
    expect(res.errors).toBeUndefined();
  });

  it('keeps the portfolio figures from the case events, once per event however often it is delivered', async () => {
    const admin = await login(ADMIN.email, ADMIN.password);
    const clientId = await createClient(admin, `Figures ${Date.now()}`);
    const caseId = crypto.randomUUID();
    const debtor = {
      kind: 'consumer' as const,
      name: 'Jan Peeters',
      country: 'BE',
      language: 'nl',
      timeZone: 'Europe/Brussels',
      vatNumber: null,
      emails: [],
      phones: [],
      addresses: [],
      preferredChannel: null,
    };
    const claim = (claimId: string, principalMinor: string) =>
      createEvent(ClaimPlaced, {
        aggregateId: caseId,
        clientId,
        payload: {
          caseId,
          claimId,
          clientId,
          invoiceNumber: claimId,
          issueDate: '2025-01-02',
          dueDate: '2025-02-01',
          principalMinor,
          currency: 'EUR',
          description: null,
          placementId: null,
        },
      });
    const events: EventEnvelope[] = [
      createEvent(CaseOpened, {
        aggregateId: caseId,
        clientId,
        payload: { caseId, clientId, brandId: null, debtorId: crypto.randomUUID(), debtor, currency: 'EUR', placementId: null },
      }),
      claim('INV-1', '40000'),
      claim('INV-2', '12550'),
      createEvent(ClaimRecalled, {
        aggregateId: caseId,
        clientId,
        payload: { caseId, claimId: 'INV-2', balanceMinor: '12550', currency: 'EUR', reason: 'paid to the client', actor: 'test' },
      }),
    ];
    const kafka = new Kafka({ brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    try {
      const send = (e: EventEnvelope) =>
        producer.send({ topic: system.topic(topicOf(e)), messages: [{ key: e.aggregateId, value: JSON.stringify(e) }] });
      for (const e of events) await send(e);
      for (const e of events) await send(e); // redelivered: no second effect
      const figures = async () => {
        const res = await system.graphql<{
          portfolioSummary: { clientId: string; openCases: number; amounts: { currency: string; placedMinor: string }[] }[];
        }>('{ portfolioSummary { clientId openCases amounts { currency openCases placedMinor openMinor collectedMinor } } }', {}, admin);
        return res.data!.portfolioSummary.find((p) => p.clientId === clientId)!;
      };
      await eventually(
        async () =>
          expect(await figures()).toEqual({
            clientId,
            openCases: 1,
            amounts: [{ currency: 'EUR', openCases: 1, placedMinor: '52550', openMinor: '40000', collectedMinor: '0' }],
          }),
        10000,
        200,
      );
      await send(
        createEvent(CaseClosed, {
          aggregateId: caseId,
          clientId,
          payload: { caseId, outcome: 'written_off', reason: 'debtor insolvent', balanceMinor: '40000', currency: 'EUR', actor: 'test' },
        }),
      );
      await eventually(async () => expect((await figures()).openCases).toBe(0), 10000, 200);
      expect((await figures()).amounts[0]).toMatchObject({ placedMinor: '52550', openMinor: '0' });
    } finally {
      await producer.disconnect();
    }
  });

  it('stops gracefully on SIGTERM: consumers stop, the relay stops, no error', async () => {
    await system.stop('reporting');
    expect(system.isRunning('reporting')).toBe(false);
    const log = system.log('reporting');
    const tail = log.slice(log.lastIndexOf('"msg":"messaging started"'));
    expect(tail).toMatch(/"msg":"consumer stopped"/);
    expect(tail).toMatch(/"msg":"outbox relay stopped"/);
    expect(tail).not.toMatch(/"level":50/);
  });
});
