/**
 * The agent worklist with a million cases in the database: how long `myWorklist` takes, through
 * the service's own code (request transaction, tenant settings, SET LOCAL ROLE, row-level
 * security, the two index scans), for random agents.
 *
 * Fills a fresh database set-based: 1 client, 20 brands, 200 000 debtors, CASES cases (default
 * 1 000 000) spread over 100 agents (5 brands each), a tenth of them closed, a fifth with a due
 * next action. Then times 300 worklist calls of 50 entries and prints the plan of one.
 *
 *   npm run bench -- worklist            (CASES=1000000 by default)
 */
import type { DataSource } from 'typeorm';
import type { Identity } from '@amicus/auth';
import type { Messaging } from '@amicus/service-runtime';
import { Clock, timeZoneOfCountry } from '@amicus/calendar';
import { openCasesDataSource, TenantDatabase, WorklistService } from '@amicus/cases';
import { admin, benchDatabaseUrl } from './support/database';

const CASES = Number(process.env.CASES ?? 1_000_000);
/** WORKLIST_DB=name reuses a database a previous run kept (KEEP_DB=1) instead of filling a new one. */
const DATABASE = process.env.WORKLIST_DB ?? `amicus_bench_worklist_${process.pid}`;
const URL = benchDatabaseUrl(DATABASE);
const AGENTS = 100;
const BRANDS = 20;

/** Agent n works for 5 of the 20 brands; its cases are in those brands. */
const agentId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const brandId = (n: number) => `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`;
const brandsOf = (agent: number) => [0, 1, 2, 3, 4].map((k) => brandId((agent + k * 4) % BRANDS));

async function main(): Promise<void> {
  if (!process.env.WORKLIST_DB) {
    await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${DATABASE}`);
  }
  const ds = await openCasesDataSource(URL, 2);
  if (!process.env.WORKLIST_DB) await fill(ds);

  await measure(ds);
  await ds.destroy();
  if (!process.env.KEEP_DB && !process.env.WORKLIST_DB) await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
}

async function fill(ds: DataSource): Promise<void> {
  const t0 = Date.now();
  const clientId = crypto.randomUUID();
  await ds.query(`INSERT INTO cases.clients (id, name, country) VALUES ($1, 'Bench client', 'BE')`, [clientId]);
  for (let b = 0; b < BRANDS; b++)
    await ds.query(`INSERT INTO cases.brands (id, client_id, name, languages, phone) VALUES ($1, $2, $3, '{nl,fr}', '+3225551234')`, [
      brandId(b),
      clientId,
      `Brand ${b}`,
    ]);
  await ds.query(
    `INSERT INTO cases.debtors (id, client_id, kind, name, language, country, time_zone)
     SELECT md5('d' || g)::uuid, $1, 'consumer', 'Debtor ' || g, 'nl', 'BE', 'Europe/Brussels' FROM generate_series(0, $2::int - 1) g`,
    [clientId, CASES],
  );
  // Case g: agent g % 100, in one of that agent's brands; amounts and ages spread; 10% closed.
  await ds.query(
    `INSERT INTO cases.cases (id, client_id, brand_id, debtor_id, phase, outcome, currency, principal_minor, oldest_due_date, priority_score, next_action_at, assigned_agent_id, opened_at)
     SELECT md5('c' || g)::uuid, $1,
            ('00000000-0000-4000-9000-' || lpad((((g % ${AGENTS}) + ((g / ${AGENTS}) % 5) * 4) % ${BRANDS})::text, 12, '0'))::uuid,
            md5('d' || g)::uuid,
            CASE WHEN (g / ${AGENTS}) % 10 = 9 THEN 'closed' WHEN g % 3 = 0 THEN 'amicable' ELSE 'placed' END,
            CASE WHEN (g / ${AGENTS}) % 10 = 9 THEN 'paid' END,
            'EUR', 1000 + (g::bigint * 7919) % 5000000, date '2024-01-01' + (g % 600),
            cases.stored_priority_score(1000 + (g::bigint * 7919) % 5000000, 2, date '2024-01-01' + (g % 600), g % 4, NULL),
            CASE WHEN (g / ${AGENTS}) % 5 = 0 THEN now() - interval '1 hour' * (g % 100) WHEN (g / ${AGENTS}) % 5 = 1 THEN now() + interval '1 day' * (g % 30) END,
            ('00000000-0000-4000-8000-' || lpad((g % ${AGENTS})::text, 12, '0'))::uuid,
            now() - interval '1 minute' * g
       FROM generate_series(0, $2::int - 1) g`,
    [clientId, CASES],
  );
  // What autovacuum does on a live database: statistics, and the visibility map index-only scans use.
  await ds.query(`VACUUM ANALYZE cases.cases`);
  await ds.query(`VACUUM ANALYZE cases.debtors`);
  console.log(`filled ${CASES.toLocaleString('en')} cases in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

async function measure(ds: DataSource): Promise<void> {
  const tenant = new TenantDatabase(ds);
  // myWorklist neither publishes nor reads the configuration: no messaging needed here.
  const noMessaging = {} as Messaging;
  const worklist = new WorklistService(tenant, noMessaging, new Clock(timeZoneOfCountry('BE')));
  const identity = (n: number): Identity => ({ subject: agentId(n), role: 'agent', clientId: null, brandIds: brandsOf(n), email: null });

  for (let n = 0; n < 10; n++) await worklist.myWorklist(identity(n), 50); // warm the cache
  const times: number[] = [];
  let entries = 0;
  for (let i = 0; i < 300; i++) {
    const started = process.hrtime.bigint();
    const list = await worklist.myWorklist(identity((i * 37) % AGENTS), 50);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    entries += list.length;
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => (times[Math.min(times.length - 1, Math.floor(times.length * p))] as number).toFixed(1);
  console.log(
    `myWorklist(first: 50) over ${CASES.toLocaleString('en')} cases, ${AGENTS} agents (~${Math.round((CASES * 0.9) / AGENTS).toLocaleString('en')} open cases each), 300 calls, ${entries / 300} entries each:`,
  );
  console.log(
    `  median ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${pct(1)} ms (whole call: transaction, tenant settings, SET ROLE, RLS, query, mapping)`,
  );

  const plan = await ds.transaction(async (m) => {
    await m.query(`SET LOCAL ROLE amicus_cases_app`);
    await m.query(`SELECT set_config('app.role', 'agent', true), set_config('app.brand_ids', $1, true)`, [brandsOf(7).join(',')]);
    return m.query(
      `EXPLAIN (ANALYZE, COSTS OFF) (SELECT c.id FROM cases.cases c WHERE c.assigned_agent_id = $1 AND c.brand_id = ANY($2::uuid[]) AND c.phase IN ('placed', 'amicable') AND (c.hold_until IS NULL OR c.hold_until <= current_date) AND c.next_action_at <= now() ORDER BY c.priority_score DESC, c.id LIMIT 50)
       UNION ALL (SELECT c.id FROM cases.cases c WHERE c.assigned_agent_id = $1 AND c.brand_id = ANY($2::uuid[]) AND c.phase IN ('placed', 'amicable') AND (c.hold_until IS NULL OR c.hold_until <= current_date) AND (c.next_action_at IS NULL OR c.next_action_at > now()) ORDER BY c.priority_score DESC, c.id LIMIT 50)`,
      [agentId(7), brandsOf(7)],
    );
  });
  console.log(plan.map((r: Record<string, string>) => `  ${r['QUERY PLAN']}`).join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
