import { ContractFile, composeSupergraph, contractFiles, staleFiles, subgraphSdlPath } from '../contract/contract';
import { SUPERGRAPH_PATH } from '../src/supergraph';

const subgraph = (name: string, type: string) => ({
  name,
  url: `http://${name}.example/graphql`,
  sdl: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key"])\ntype Query { total: ${type} }`,
});

/** The committed SDL files and supergraph are the API's reviewed contract: they must be what the code serves. */
describe('the committed contract', () => {
  let files: ContractFile[];
  beforeAll(async () => {
    files = await contractFiles();
  }, 180000);

  it('matches the code: each subgraph SDL and the supergraph composed from them', () => {
    expect(files.map((f) => f.path)).toEqual([
      ...['cases', 'communications', 'billing', 'reporting'].map(subgraphSdlPath),
      SUPERGRAPH_PATH,
    ]);
    expect(staleFiles(files)).toEqual([]);
  });

  it('is the federation contract: each subgraph links federation v2, the supergraph joins the four', () => {
    for (const f of files.slice(0, 4)) expect(f.content).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/);
    expect(files[0].content).toMatch(/@key\(fields: "id"\)/);
    const supergraph = files[4].content;
    for (const name of ['cases', 'communications', 'billing', 'reporting']) {
      expect(supergraph).toMatch(new RegExp(`@join__graph\\(name: "${name}", url: "http://127\\.0\\.0\\.1:\\d+/graphql"\\)`));
    }
  });

  it('names a stale file and the command that fixes it', () => {
    expect(
      staleFiles([
        { path: SUPERGRAPH_PATH, content: 'type Query { stale: Int }\n' },
        { path: 'services/nowhere/schema.graphql', content: '' },
      ]),
    ).toEqual([
      "gateway/supergraph.graphql differs from the code's schema: run `npm run schema` and commit it",
      'services/nowhere/schema.graphql is missing: run `npm run schema` and commit it',
    ]);
  });
});

describe('composeSupergraph', () => {
  it('composes federation v2 subgraphs with their URLs', () => {
    const sdl = composeSupergraph([
      subgraph('a', 'Int'),
      { ...subgraph('b', 'Int'), sdl: subgraph('b', 'Int').sdl.replace('total', 'count') },
    ]);
    expect(sdl).toContain('@join__graph(name: "a", url: "http://a.example/graphql")');
    expect(sdl).toMatch(/total: Int @join__field\(graph: A\)/);
  });

  it('fails with every composition error, so the build stops with the reason', () => {
    expect(() => composeSupergraph([subgraph('a', 'Int'), subgraph('b', 'String')])).toThrow(
      /do not compose into a supergraph:\n {2}[A-Z_]+: .*"Query\.total"/,
    );
  });

  it('names the subgraph whose SDL does not parse', () => {
    expect(() => composeSupergraph([{ ...subgraph('a', 'Int'), sdl: 'type Query {' }])).toThrow(/the a subgraph's SDL does not parse/);
  });
});
