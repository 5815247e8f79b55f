import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { composeServices } from '@apollo/composition';
import { readGatewayConfig, subgraphsOf } from '../src/config';
import { SUPERGRAPH_PATH } from '../src/supergraph';

/**
 * The API's reviewed contract: the SDL each subgraph serves and the supergraph composed from
 * them, committed as files. `npm run schema` (and `npm run build`) writes them from the code;
 * gateway/test/contract.test.ts fails when the code says otherwise.
 */
export const ROOT = path.resolve(__dirname, '..', '..');
export const SCHEMA_COMMAND = 'npm run schema';

export interface ContractFile {
  /** Relative to the workspace root. */
  path: string;
  content: string;
}

interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

export const subgraphSdlPath = (name: string) => path.join('services', name, 'schema.graphql');

const generated = (what: string) => `# ${what}, written by \`${SCHEMA_COMMAND}\` from the code: do not edit.\n`;

/** The files as the code says they must be: one SDL per subgraph, then the supergraph. */
export async function contractFiles(): Promise<ContractFile[]> {
  // The committed supergraph carries the default URLs; the gateway sends requests where it is configured to.
  const subgraphs = await Promise.all(subgraphsOf(readGatewayConfig({})).map(async (s) => ({ ...s, sdl: await printSubgraphSdl(s.name) })));
  return [
    ...subgraphs.map((s) => ({
      path: subgraphSdlPath(s.name),
      content: generated(`The SDL the ${s.name} subgraph serves`) + s.sdl + '\n',
    })),
    {
      path: SUPERGRAPH_PATH,
      content:
        generated('The supergraph the gateway serves, composed from services/*/schema.graphql') + composeSupergraph(subgraphs) + '\n',
    },
  ];
}

/**
 * What `services/<name>/src/main.ts --print-sdl` prints: the service's own entry, from the
 * sources, each in a process of its own (Nest's type metadata is per process, as in production).
 */
export function printSubgraphSdl(name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join('services', name, 'src', 'main.ts'), '--print-sdl'], {
      cwd: ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`the ${name} subgraph could not print its SDL (exit ${code}):\n${Buffer.concat(err).toString('utf8')}`));
    });
  });
}

/** Composes the subgraphs as the gateway's IntrospectAndCompose would (same @apollo/composition); refuses with every error. */
export function composeSupergraph(subgraphs: SubgraphSdl[]): string {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parseSdl(s) })));
  if (result.errors) {
    const errors = result.errors.map((e) => `  ${String(e.extensions.code ?? 'ERROR')}: ${e.message}`);
    throw new Error(`the subgraphs do not compose into a supergraph:\n${errors.join('\n')}`);
  }
  return result.supergraphSdl;
}

function parseSdl(s: SubgraphSdl) {
  try {
    return parse(s.sdl);
  } catch (e) {
    throw new Error(`the ${s.name} subgraph's SDL does not parse: ${(e as Error).message}`);
  }
}

/** The committed files that differ from the code's, each with the command that fixes it. */
export function staleFiles(expected: ContractFile[]): string[] {
  return expected
    .filter((f) => readOrNull(f.path) !== f.content)
    .map(
      (f) =>
        `${f.path} ${readOrNull(f.path) === null ? 'is missing' : "differs from the code's schema"}: run \`${SCHEMA_COMMAND}\` and commit it`,
    );
}

/** Writes the files that changed; returns their paths. */
export function writeContract(files: ContractFile[]): string[] {
  const changed = files.filter((f) => readOrNull(f.path) !== f.content);
  for (const f of changed) fs.writeFileSync(path.join(ROOT, f.path), f.content);
  return changed.map((f) => f.path);
}

function readOrNull(file: string): string | null {
  try {
    return fs.readFileSync(path.join(ROOT, file), 'utf8');
  } catch {
    return null;
  }
}
