import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { GraphQLObjectType, GraphQLSchema, getNamedType, isObjectType, isNonNullType } from 'graphql';
import { Supergraph } from '@apollo/federation-internals';
import { GATEWAY_QUERY_LIMITS } from '@amicus/query-limits';
import { DEV_SECRETS, signUserToken } from '@amicus/auth';
import { readGatewayConfig } from '../src/config';
import { RunningGateway, startGateway } from '../src/gateway';

/**
 * The gateway's doors on their own: the committed supergraph, no subgraph running (nothing
 * listens on port 1), so whatever these tests send is refused by the gateway itself, before
 * any subgraph would see it.
 */
const PORT = 18900;
const closed = 'http://127.0.0.1:1/graphql';
let gateway: RunningGateway;

const apiSchema: GraphQLSchema = Supergraph.build(fs.readFileSync(path.join(__dirname, '../supergraph.graphql'), 'utf8'))
  .apiSchema()
  .toGraphQLJSSchema();

beforeAll(async () => {
  const config = readGatewayConfig({
    PORT: String(PORT),
    SUPERGRAPH_SOURCE: 'file',
    CASES_URL: closed,
    COMMUNICATIONS_URL: closed,
    BILLING_URL: closed,
    REPORTING_URL: closed,
  });
  gateway = await startGateway(config, pino({ level: 'silent' }));
  await gateway.ready;
});

afterAll(() => gateway.stop());

interface Answer {
  status: number;
  errors: { message: string; extensions?: Record<string, unknown> }[];
}

async function post(body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  let errors: Answer['errors'] = [];
  try {
    errors = (JSON.parse(text) as { errors?: Answer['errors'] }).errors ?? [];
  } catch {
    errors = [{ message: text }];
  }
  return { status: res.status, errors };
}

const ask = (query: string) => post(JSON.stringify({ query }));

/** A query `depth` deep: a path of object fields without required arguments from Query, then `__typename`. */
function deepQuery(depth: number): string {
  const dead = new Set<string>();
  const down = (type: GraphQLObjectType, remaining: number): string[] | null => {
    if (remaining === 0) return [];
    if (dead.has(`${type.name}:${remaining}`)) return null;
    for (const field of Object.values(type.getFields())) {
      const next = getNamedType(field.type);
      if (!isObjectType(next) || field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
      const rest = down(next, remaining - 1);
      if (rest) return [field.name, ...rest];
    }
    dead.add(`${type.name}:${remaining}`);
    return null;
  };
  const fields = down(apiSchema.getQueryType()!, depth - 1);
  if (!fields) throw new Error(`the schema has no path ${depth} deep`);
  return `{ ${fields.join(' { ')} { __typename }${' }'.repeat(fields.length - 1)} }`;
}

describe('query limits at the gateway', () => {
  it('refuses an anonymous 2,000-alias query before any subgraph, naming the token limit', async () => {
    const flood = `{ ${Array.from({ length: 2000 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const answer = await ask(flood);
    expect(answer.status).toBe(400);
    expect(answer.errors).toEqual([
      expect.objectContaining({
        message: `the query has more than ${GATEWAY_QUERY_LIMITS.maxTokens} tokens, over the limit of ${GATEWAY_QUERY_LIMITS.maxTokens} (maxTokens)`,
        extensions: expect.objectContaining({ limit: 'maxTokens', max: GATEWAY_QUERY_LIMITS.maxTokens }),
      }),
    ]);
  });

  it('refuses more aliases than the limit, naming it', async () => {
    const n = GATEWAY_QUERY_LIMITS.maxAliases + 1;
    const answer = await ask(`{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`);
    expect(answer.status).toBe(400);
    expect(answer.errors[0]).toMatchObject({
      message: `the query's number of aliases is ${n}, over the limit of ${GATEWAY_QUERY_LIMITS.maxAliases} (maxAliases)`,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'maxAliases', max: GATEWAY_QUERY_LIMITS.maxAliases, actual: n },
    });
  });

  it('refuses a query nested deeper than the limit, naming it', async () => {
    const answer = await ask(deepQuery(GATEWAY_QUERY_LIMITS.maxDepth + 1));
    expect(answer.status).toBe(400);
    expect(answer.errors).toContainEqual(
      expect.objectContaining({
        message: `the query's depth is ${GATEWAY_QUERY_LIMITS.maxDepth + 1}, over the limit of ${GATEWAY_QUERY_LIMITS.maxDepth} (maxDepth)`,
      }),
    );
    // at the limit the depth passes (the path it takes is a costly one: its cost may still refuse it)
    const atLimit = await ask(deepQuery(GATEWAY_QUERY_LIMITS.maxDepth));
    expect(atLimit.errors.length).toBeGreaterThan(0);
    expect(atLimit.errors.filter((e) => e.extensions?.limit === 'maxDepth' || /Syntax|Cannot query/.test(e.message))).toEqual([]);
  });

  it('refuses aliases of nested lists by their cost (the 40 × 5 nested lists of the review)', async () => {
    // 20 aliases (under the alias limit) of the case list with its nested lists
    // per alias: cases 1 + nodes 1 + 10 × 3 lists of (1 + 10 × id 1) = 332; 20 aliases 6640
    const cases = 'cases { nodes { claims { id } payments { id } promises { id } } }';
    const query = `{ ${Array.from({ length: 20 }, (_, i) => `c${i}: ${cases}`).join(' ')} }`;
    const answer = await ask(query);
    expect(answer.status).toBe(400);
    expect(answer.errors.map((e) => e.extensions?.limit)).toContain('maxCost');
    expect(answer.errors.find((e) => e.extensions?.limit === 'maxCost')?.message).toMatch(
      new RegExp(`^the query's cost is \\d+, over the limit of ${GATEWAY_QUERY_LIMITS.maxCost} \\(maxCost\\)$`),
    );
  });
});

describe('body size at the gateway', () => {
  const MB = 1024 * 1024;
  const token = signUserToken({ subject: 'u1', role: 'client_user', clientId: 'c1', brandIds: [], email: null }, DEV_SECRETS.jwt);
  const signedIn = { authorization: `Bearer ${token}` };
  const padded = (query: string, bytes: number, variables: object = {}) =>
    JSON.stringify({ query, variables: { ...variables, pad: 'x'.repeat(bytes) } });
  const upload = 'mutation($i: PlacementFileInput!) { importPlacementFile(input: $i) { id } }';

  it('reads at most 1 MB from an anonymous caller, and says so naming the limit', async () => {
    const answer = await post(padded('{ __typename }', 2 * MB));
    expect(answer.status).toBe(413);
    expect(answer.errors[0]).toMatchObject({
      message: 'the request body is over 1 MB, the limit for a GraphQL request (sign in to upload a file) (maxBodyBytes)',
      extensions: { code: 'PAYLOAD_TOO_LARGE', limit: 'maxBodyBytes', max: MB },
    });
    // an upload does not get more either
    expect((await post(padded(upload, 2 * MB))).status).toBe(413);
    // under the limit it is an ordinary request
    expect((await post(padded('{ __typename }', MB / 2))).status).toBe(200);
  });

  it('lets a signed-in caller send a 20 MB upload, but no other operation over 1 MB', async () => {
    const big = await post(padded('query { cases { nodes { id } } }', 2 * MB), signedIn);
    expect(big.status).toBe(413);
    expect(big.errors[0]?.message).toMatch(/over 1 MB, the limit for a GraphQL request that is not a file upload .*importPlacementFile/);
    // an upload mixed with another field is not an upload
    const mixed = await post(
      padded(
        'mutation($i: PlacementFileInput!) { importPlacementFile(input: $i) { id } login(email: "a", password: "b") { token } }',
        2 * MB,
      ),
      signedIn,
    );
    expect(mixed.status).toBe(413);
    // the upload itself passes the door (and fails only because no subgraph runs here)
    const file = await post(padded(upload, 20 * MB, { i: { clientId: 'c1', fileName: 'f.csv', contentBase64: 'eA==' } }), signedIn);
    expect(file.status).not.toBe(413);
    expect(file.errors.map((e) => e.extensions?.code)).not.toContain('PAYLOAD_TOO_LARGE');
    // past 32 MB not even an upload
    const huge = await post(padded(upload, 33 * MB), signedIn);
    expect(huge.status).toBe(413);
    expect(huge.errors[0]?.message).toBe('the request body is over 32 MB, the limit for a file upload (maxBodyBytes)');
  });
});
