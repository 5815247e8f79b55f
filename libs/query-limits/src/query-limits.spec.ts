import fs from 'node:fs';
import path from 'node:path';
import { GraphQLError, Kind, buildSchema, parse, print, specifiedRules, validate } from 'graphql';
import { GATEWAY_QUERY_LIMITS, QueryLimits, namingTokenLimit, parseOptionsFor, queryLimitRules, selectionCost } from './query-limits';

const schema = buildSchema(`
  type Query { cases: [Case!]! case(id: ID!): Case me: User }
  type Case { id: ID! debtor: Debtor payments: [Payment!]! communications: [Communication!]! }
  type Debtor { name: String cases: [Case!]! }
  type Payment { amountMinor: String }
  type Communication { id: ID! channel: String }
  type User { id: ID! email: String }
`);

const LIMITS: QueryLimits = { maxDepth: 4, maxAliases: 5, maxTokens: 200, maxCost: 300, listFactor: 10 };

function check(query: string, limits: QueryLimits = LIMITS): readonly GraphQLError[] {
  return validate(schema, parse(query, parseOptionsFor(limits)), [...specifiedRules, ...queryLimitRules(limits)]);
}

const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { id }`).join(' ')} }`;

describe('query limits', () => {
  it('lets an ordinary query through', () => {
    expect(check('{ case(id: "1") { id debtor { name } payments { amountMinor } } }')).toEqual([]);
  });

  it('refuses more aliases than the limit, naming it', () => {
    expect(check(aliases(5))).toEqual([]);
    const [error] = check(aliases(6));
    expect(error?.message).toBe("the query's number of aliases is 6, over the limit of 5 (maxAliases)");
    expect(error?.extensions).toEqual({ limit: 'maxAliases', max: 5, actual: 6 });
  });

  it('refuses nesting deeper than the limit, also through fragments and inline fragments', () => {
    expect(check('{ case(id: "1") { debtor { cases { id } } } }')).toEqual([]);
    const deep = '{ case(id: "1") { debtor { cases { debtor { name } } } } }';
    expect(check(deep).map((e) => e.extensions)).toEqual([{ limit: 'maxDepth', max: 4, actual: 5 }]);
    const viaFragments = `
      { case(id: "1") { ...D } }
      fragment D on Case { debtor { ... on Debtor { cases { ...E } } } }
      fragment E on Case { debtor { cases { id } } }`;
    expect(check(viaFragments).map((e) => e.extensions?.limit)).toContain('maxDepth');
  });

  it('counts nested lists as multiplying: 3 aliases of 3 nested lists cost far more than 3 of one', () => {
    const nested = `{ ${[1, 2, 3].map((i) => `c${i}: cases { debtor { cases { debtor { cases { id } } } } }`).join(' ')} }`;
    const doc = parse(nested);
    const operation = doc.definitions[0];
    if (operation?.kind !== Kind.OPERATION_DEFINITION) throw new Error('no operation');
    // per alias: cases 1 + 10 × (debtor 1 + cases 1 + 10 × (debtor 1 + cases 1 + 10 × id 1))
    expect(selectionCost(schema, schema.getQueryType()!, operation.selectionSet, new Map(), 10)).toBe(3 * (1 + 10 * (2 + 10 * (2 + 10))));
    expect(check(nested, { ...LIMITS, maxDepth: 10 }).map((e) => e.extensions)).toEqual([{ limit: 'maxCost', max: 300, actual: 3663 }]);
    expect(check('{ cases { id payments { amountMinor } } }')).toEqual([]);
  });

  it('stops parsing a document of more tokens than the limit', () => {
    let error: GraphQLError | undefined;
    try {
      check(`{ ${Array.from({ length: 250 }, () => '__typename').join(' ')} }`);
    } catch (e) {
      error = e as GraphQLError;
    }
    expect(error?.message).toMatch(/200 tokens/);
    // as the gateway and the subgraphs answer it
    expect(namingTokenLimit({ message: error!.message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } })).toEqual({
      message: 'the query has more than 200 tokens, over the limit of 200 (maxTokens)',
      extensions: { code: 'GRAPHQL_PARSE_FAILED', limit: 'maxTokens', max: 200 },
    });
    expect(namingTokenLimit({ message: 'Syntax Error: Expected Name, found <EOF>.' })).toEqual({
      message: 'Syntax Error: Expected Name, found <EOF>.',
    });
  });

  it('does not loop on fragment cycles (graphql-js reports the cycle itself)', () => {
    const errors = check('{ case(id: "1") { ...A } } fragment A on Case { debtor { cases { ...A } } }');
    expect(errors.some((e) => /Cannot spread fragment "A" within itself/.test(e.message))).toBe(true);
  });

  it('leaves introspection to the token limit, so the Sandbox can still read the schema', () => {
    const introspection = '{ __schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }';
    expect(check(introspection)).toEqual([]);
  });

  it("passes every query the web app sends at the gateway's limits (a 2,000-alias query does not)", () => {
    const generated = fs.readFileSync(path.join(__dirname, '../../../web/src/gql/graphql.ts'), 'utf8');
    const documents = [...generated.matchAll(/= (\{"kind":"Document".*?\}) as unknown as DocumentNode/g)].map((m) => m[1] as string);
    expect(documents.length).toBeGreaterThan(50);
    const rules = queryLimitRules(GATEWAY_QUERY_LIMITS);
    // The web app's documents against a schema of their own fields is more than this test needs:
    // the limits that do not need a schema (depth, aliases, tokens) are checked on the documents.
    for (const json of documents) {
      const text = print(JSON.parse(json));
      const doc = parse(text, parseOptionsFor(GATEWAY_QUERY_LIMITS));
      const errors = validate(buildSchema('type Query { x: Int }'), doc, rules).filter((e) => e.extensions?.limit !== 'maxCost');
      expect(errors.map((e) => e.message)).toEqual([]);
    }
    const flood = `{ ${Array.from({ length: 2000 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    expect(() => parse(flood, parseOptionsFor(GATEWAY_QUERY_LIMITS))).toThrow(/5000 tokens/);
  });
});
