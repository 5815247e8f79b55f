// `npm run schema` (also the last step of `npm run build`): writes each subgraph's SDL and the
// composed supergraph from the code. A subgraph that does not print or a supergraph that does
// not compose fails with the reason. In CI (CI=true) or with --check it writes nothing and fails
// when a committed file differs: there the build must not hide a contract nobody committed.
import { contractFiles, staleFiles, writeContract } from './contract';

const check = process.argv.includes('--check') || process.env.CI === 'true';

contractFiles()
  .then((files) => {
    if (check) {
      const stale = staleFiles(files);
      for (const line of stale) console.error(`schema: ${line}`);
      if (stale.length) process.exit(1);
      console.log('schema: the committed SDL and supergraph match the code');
      return;
    }
    const changed = writeContract(files);
    for (const file of changed) console.log(`schema: ${file} written (review and commit it)`);
    if (!changed.length) console.log('schema: the committed SDL and supergraph match the code');
  })
  .catch((e: Error) => {
    console.error(`schema: ${e.message}`);
    process.exit(1);
  });
