// `npm run schema` (also the last step of `npm run build`): writes each subgraph's SDL and the
// composed supergraph from the code. A subgraph that does not print or a supergraph that does
// not compose fails with the reason.
import { contractFiles, writeContract } from './contract';

contractFiles()
  .then((files) => {
    const changed = writeContract(files);
    for (const file of changed) console.log(`schema: ${file} written (review and commit it)`);
    if (!changed.length) console.log('schema: the committed SDL and supergraph match the code');
  })
  .catch((e: Error) => {
    console.error(`schema: ${e.message}`);
    process.exit(1);
  });
