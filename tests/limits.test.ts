import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { print } from 'graphql';
import { DEV_SECRETS, GATEWAY_ASSERTION_HEADER, signGatewayAssertion } from '@amicus/auth';
import { SystemUnderTest } from './support/system';

/**
 * The doors of the whole system (issue 18 §2): sign-in limits and its constant time, the
 * subgraphs' own body checks, and the web app's queries through the query limits of the
 * gateway and the subgraphs. Each test calls from an address of its own (127.0.0.x), so the
 * per-address lockout of one does not reach another.
 */
const system = new SystemUnderTest('e2e_limits', 18910, { KAFKA_TOPIC_PREFIX: 'e2e_limits.' });
const ADMIN = { email: 'admin@amicus.local', password: 'amicus-admin' };
const LOGIN = 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[]; error?: string };
}

/** A POST from the given local address (Linux answers the whole of 127.0.0.0/8 on loopback). */
function postFrom(
  localAddress: string,
  port: number,
  urlPath: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: urlPath, method: 'POST', localAddress, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: Answer['body'];
          try {
            parsed = JSON.parse(text) as Answer['body'];
          } catch {
            parsed = { error: text };
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const gatewayPort = () => system.portOf('gateway');
const login = (from: string, email: string, password: string) =>
  postFrom(from, gatewayPort(), '/graphql', JSON.stringify({ query: LOGIN, variables: { e: email, p: password } }));

async function adminToken(): Promise<string> {
  const answer = await login('127.0.0.9', ADMIN.email, ADMIN.password);
  const token = (answer.body.data?.login as { token?: string } | undefined)?.token;
  if (!token) throw new Error(`admin login failed: ${JSON.stringify(answer.body)}`);
  return token;
}

async function createUser(email: string, password: string): Promise<void> {
  const answer = await system.graphql(
    'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
    { i: { email, password, role: 'legal' } },
    await adminToken(),
  );
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
}

beforeAll(async () => {
  await system.resetDatabase();
  await system.startAll(['cases', 'communications', 'billing', 'reporting', 'gateway']);
}, 120000);

afterAll(() => system.stopAll(), 60000);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

describe('sign-in', () => {
  it('takes as long for an unknown e-mail as for a known one with a wrong password (no enumeration by timing)', async () => {
    const known = Array.from({ length: 10 }, (_, i) => `timing-${i}-${Date.now()}@agency.example`);
    for (const email of known) await createUser(email, 'the-right-password');
    const knownMs: number[] = [];
    const unknownMs: number[] = [];
    const timed = async (email: string, into: number[]) => {
      const t0 = performance.now();
      const answer = await login('127.0.0.2', email, 'a-wrong-password');
      into.push(performance.now() - t0);
      return answer.body.errors?.[0]?.message;
    };
    for (let i = 0; i < known.length; i++) {
      // alternating which goes first, so that neither gains from the other's warm-up
      const unknown = `nobody-${i}-${Date.now()}@agency.example`;
      const messages =
        i % 2
          ? [await timed(known[i]!, knownMs), await timed(unknown, unknownMs)]
          : [await timed(unknown, unknownMs), await timed(known[i]!, knownMs)];
      // the same answer either way
      expect(messages).toEqual(['wrong e-mail or password', 'wrong e-mail or password']);
    }
    const ratio = median(unknownMs) / median(knownMs);
    process.stdout.write(
      `sign-in: known e-mail, wrong password ${median(knownMs).toFixed(0)} ms; unknown e-mail ${median(unknownMs).toFixed(0)} ms; ratio ${ratio.toFixed(2)}\n`,
    );
    expect(ratio).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1.6);
  });

  it('locks an account after five failures, also against the right password, and names the limit; other accounts go on', async () => {
    const email = `lockout-${Date.now()}@agency.example`;
    await createUser(email, 'the-right-password');
    for (let i = 0; i < 6; i++) {
      const a = await login('127.0.0.3', email, `wrong-${i}`);
      expect(a.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const locked = await login('127.0.0.3', email, 'the-right-password');
    expect(locked.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^too many failed sign-ins for this account: try again in \d+ s$/),
      extensions: { code: 'TOO_MANY_REQUESTS', limit: 'loginFailuresPerAccount', retryAfterSeconds: expect.any(Number) },
    });
    // from another address too: the account is what is locked
    expect((await login('127.0.0.13', email, 'the-right-password')).body.errors?.[0]?.extensions?.code).toBe('TOO_MANY_REQUESTS');
    // an unknown e-mail locks the same way (a lockout says nothing about whether an account exists)
    const nobody = `nobody-lockout-${Date.now()}@agency.example`;
    for (let i = 0; i < 6; i++) await login('127.0.0.3', nobody, `wrong-${i}`);
    expect((await login('127.0.0.3', nobody, 'x')).body.errors?.[0]?.extensions?.limit).toBe('loginFailuresPerAccount');
    // the web's sign-in says 429 with Retry-After
    const session = await postFrom('127.0.0.3', gatewayPort(), '/session', JSON.stringify({ email, password: 'the-right-password' }));
    expect(session.status).toBe(429);
    expect(Number(session.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('locks an address after twenty failures, whatever the accounts; other addresses go on', async () => {
    for (let i = 0; i < 21; i++) await login('127.0.0.4', `spray-${i}-${Date.now()}@agency.example`, 'Summer2026!');
    const refused = await login('127.0.0.4', ADMIN.email, ADMIN.password);
    expect(refused.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^too many failed sign-ins from your address: try again in \d+ s$/),
      extensions: { code: 'TOO_MANY_REQUESTS', limit: 'loginFailuresPerAddress' },
    });
    expect((await login('127.0.0.5', ADMIN.email, ADMIN.password)).body.data?.login).toBeTruthy();
  });

  it("counts the web sign-in's failures by each caller's own address, not the gateway's", async () => {
    // 21 callers fail once each: no address is locked (before, the cases service saw them all as one)
    for (let i = 0; i < 21; i++) {
      const failed = await postFrom(
        `127.0.1.${i + 1}`,
        gatewayPort(),
        '/session',
        JSON.stringify({ email: `web-${i}@agency.example`, password: 'x' }),
      );
      expect(failed.status).toBe(401);
    }
    expect((await postFrom('127.0.0.7', gatewayPort(), '/session', JSON.stringify(ADMIN))).status).toBe(200);
  });
});

describe('the subgraphs read no body before the gateway assertion, and not much after it', () => {
  it('refuses a call without the assertion before parsing its body', async () => {
    const answer = await postFrom('127.0.0.8', system.portOf('reporting'), '/graphql', '{ this is not JSON');
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('applies the query limits in each subgraph too (with room for the gateway: 40 aliases)', async () => {
    const aliases = (n: number) => JSON.stringify({ query: `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }` });
    for (const name of ['cases', 'communications', 'billing', 'reporting'] as const) {
      const assertion = { [GATEWAY_ASSERTION_HEADER]: signGatewayAssertion(null, DEV_SECRETS.gatewayPrivateKey, name) };
      const refused = await postFrom('127.0.0.8', system.portOf(name), '/graphql', aliases(41), assertion);
      expect(refused.body.errors?.[0]).toMatchObject({
        message: "the query's number of aliases is 41, over the limit of 40 (maxAliases)",
        extensions: { limit: 'maxAliases', max: 40, actual: 41 },
      });
      expect((await postFrom('127.0.0.8', system.portOf(name), '/graphql', aliases(40), assertion)).body.errors).toBeUndefined();
    }
  });

  it('reads at most 8 MB in a subgraph without uploads, 32 MB in cases', async () => {
    const assertion = (name: string) => ({ [GATEWAY_ASSERTION_HEADER]: signGatewayAssertion(null, DEV_SECRETS.gatewayPrivateKey, name) });
    const body = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(9 * 1024 * 1024) } });
    expect((await postFrom('127.0.0.8', system.portOf('reporting'), '/graphql', body, assertion('reporting'))).status).toBe(413);
    expect((await postFrom('127.0.0.8', system.portOf('cases'), '/graphql', body, assertion('cases'))).status).toBe(200);
  });
});

describe('placement uploads', () => {
  const FILE = 'mutation($i:PlacementFileInput!){ importPlacementFile(input:$i){ rowsRead imported casesOpened } }';
  const CASES = 'query($c:ID!){ cases(filter:{clientId:$c}){ nodes { id } } }';

  it('refuses a file past the column cap mid-file with the line and the limit, and writes none of its rows', async () => {
    const admin = await adminToken();
    const clientId = (
      (
        await system.graphql(
          'mutation($i:CreateClientInput!){ createClient(input:$i){ id } }',
          { i: { name: `Limits ${Date.now()}`, country: 'BE' } },
          admin,
        )
      ).data as { createClient: { id: string } }
    ).createClient.id;
    const brand = await system.graphql(
      'mutation($i:CreateBrandInput!){ createBrand(input:$i){ id } }',
      { i: { clientId, name: `Limits Brand ${Date.now()}`, languages: ['nl'], phone: '+3225551234' } },
      admin,
    );
    expect(brand.errors).toBeUndefined();
    const fixture = fs.readFileSync(path.join(__dirname, '../services/cases/src/placements/fixtures/exact-online-export.csv'));
    // the header and six good rows (the fixture ends with a line break), then on line 8 a row of 300 cells
    const wide = Buffer.concat([fixture, Buffer.from(`${Array.from({ length: 300 }, (_, i) => `x${i}`).join(';')}\r\n`)]);
    const refused = await system.graphql(FILE, { i: { clientId, fileName: 'wide.csv', contentBase64: wide.toString('base64') } }, admin);
    expect(refused.errors?.[0]).toMatchObject({
      message: 'line 8: the row has 300 columns, more than 200 (maxColumns)',
      extensions: {
        code: 'BAD_USER_INPUT',
        limit: 'maxColumns',
        problems: [{ field: 'line 8', reason: 'the row has 300 columns, more than 200 (maxColumns)' }],
      },
    });
    expect(((await system.graphql(CASES, { c: clientId }, admin)).data as { cases: { nodes: unknown[] } }).cases.nodes).toEqual([]);
    // the same file without the wide row imports
    const imported = await system.graphql(FILE, { i: { clientId, fileName: 'ok.csv', contentBase64: fixture.toString('base64') } }, admin);
    expect((imported.data as { importPlacementFile: { imported: number } }).importPlacementFile.imported).toBeGreaterThan(0);
  });
});

describe("the web app's queries under the query limits", () => {
  it('runs every web query that needs no variables through the gateway and the subgraphs without a limit refusing it', async () => {
    const generated = fs.readFileSync(path.join(__dirname, '../web/src/gql/graphql.ts'), 'utf8');
    const documents = [...generated.matchAll(/= (\{"kind":"Document".*?\}) as unknown as DocumentNode/g)].map(
      (m) => JSON.parse(m[1] as string) as { definitions: { kind: string; operation?: string; variableDefinitions?: unknown[] }[] },
    );
    const queries = documents.filter((d) =>
      d.definitions.some((op) => op.kind === 'OperationDefinition' && op.operation === 'query' && !op.variableDefinitions?.length),
    );
    expect(queries.length).toBeGreaterThan(5);
    const token = await adminToken();
    const refused: string[] = [];
    for (const doc of queries) {
      const answer = await system.graphql(print(doc as never), {}, token);
      for (const e of answer.errors ?? []) if (e.extensions?.limit) refused.push(e.message);
    }
    process.stdout.write(`web queries without variables run under the limits: ${queries.length}\n`);
    expect(refused).toEqual([]);
  });
});
