// A scheduler in its own process, for the kill test: `node -r @swc-node/register scheduler-fixture.ts`.
// Runs one pass in batches of 2 on FIXTURE_DATABASE_URL, slowed down so the test can kill it mid-pass.
import { openCasesDataSource } from '../src/cases-schema';
import { schedulerPass } from '../src/journeys/journey-scheduler';
import { outbox, schedulerContext, testClock } from './journeys';

async function main(): Promise<void> {
  const ds = await openCasesDataSource(process.env.FIXTURE_DATABASE_URL!, 2);
  const ctx = schedulerContext(testClock(process.env.FIXTURE_NOW!), async (m, events) => {
    await new Promise((r) => setTimeout(r, 30));
    await outbox.append(m, events);
  });
  process.stdout.write('ready\n');
  await schedulerPass(ds, ctx, 2);
  process.stdout.write('done\n');
  await ds.destroy();
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
