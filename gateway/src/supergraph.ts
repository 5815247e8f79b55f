import fs from 'node:fs';
import path from 'node:path';

/** The committed supergraph, relative to the workspace root (`npm run schema` writes it). */
export const SUPERGRAPH_PATH = path.join('gateway', 'supergraph.graphql');

/** The committed supergraph's absolute path, found from the sources or from dist/. */
export function committedSupergraphFile(from = __dirname): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, SUPERGRAPH_PATH))) return path.join(dir, SUPERGRAPH_PATH);
  }
  return path.resolve(SUPERGRAPH_PATH);
}

/** The supergraph SDL to serve; a missing file stops the start with what to do. */
export function readSupergraph(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(
      `cannot read the supergraph ${file} (${(e as Error).message}): run \`npm run schema\`, or set SUPERGRAPH_SOURCE=introspection`,
    );
  }
}
