/**
 * The journey scheduler with a million open cases: how long "what goes out today" takes, how
 * many steps a pass executes per second (each asked of the legal engine, each writing its step
 * execution, its audit entries and its outbox events), and what a pass with nothing due costs
 * at 10 000 and at CASES open cases.
 *
 * Fills a fresh database set-based: 2 clients, 3 brands, CASES debtors (BE and NL, consumers and
 * businesses, evenly), a case with one claim each, and each case's journey as the scheduler
 * leaves it once started on the seeded agency default for the debtor's jurisdiction and kind
 * (active, on the default's stored version and steps, waiting for its first reminder): DUE of
 * them due within the last hour, the rest from tomorrow on. The clock is fixed (BENCH_NOW,
 * default 2025-11-04T08:00Z) so that the rate tables cover every day the statements count.
 * Then, through the service's own code:
 *   1. `outgoing` (JourneysService, as the agency admin: walls, row-level security, every due
 *      journey planned read-only as the scheduler would) for today;
 *   2. one scheduler pass over the DUE due journeys (batches of 200, as the service runs it);
 *   3. passes with nothing due: the first right after that pass, then the median of 100 after
 *      VACUUM (as autovacuum leaves the table), at 10 000 cases (a second database, filled and
 *      passed the same way) and at CASES.
 *
 *   npm run bench -- scheduler            (CASES=1000000 DUE=50000 by default)
 *   ONLY=outgoing npm run bench -- scheduler   fills (or reuses, with DATABASE_NAME=… of a
 *                                              kept database) and times outgoing alone, with the
 *                                              plan of its due-list query; KEEP_DB=1 keeps it
 *
 * Figures (2 cores, load average ~2 from other work; tree at the commit of these figures,
 * 2026-12-01; the Belgian consumers' default starts with a pre-due reminder, which every due BE
 * consumer journey passes over — its due date has come — before its first reminder runs):
 * filled 1 000 000 cases in ~250 s; SELECT 1 round trip 0.14 ms.
 *   - outgoing over 50 000 due: 11.3 s = 4 410 journeys/s — target < 5 s MISSED (×2.3; was
 *     378 s). CPU: this process 5.8 s (the engine through assessStep ~0.03 ms per journey, the
 *     case JSON, its validation, the rows), Postgres 8.6 s (the due list, then per 500
 *     journeys the cases, facts, claims and history), overlapping by one chunk's reads.
 *     2026-12-02, ONLY=outgoing on one kept 1 000 000-case database, under the e2e lock but
 *     beside other helpers' builds and benches (load average 5 to 7.5), three runs each:
 *     before (the due list in one statement, JIT on, cases read three times): 10.76, 7.69,
 *     9.05 s (CPU: this process 4.5–5.4 s, Postgres 5.3–6.3 s; the due list's EXPLAIN alone
 *     spent 5.9 s compiling JIT); after (pages of 1 000 along the due index, migration
 *     1766500000000, the case read once with its journey, steps once per version, JIT off):
 *     5.63, 5.27, 4.69 s = ~9 500 journeys/s (CPU: this process 3.2–4.9 s, Postgres 2.8–3.0 s;
 *     a page 25 ms in EXPLAIN) — target < 5 s met on one run of three, median 5.27 s: this
 *     process's planning is now the bound.
 *   - the pass over 50 000 due: 38.5 s = 1 298 steps/s — target ≥ 1 000 met (was 105). CPU:
 *     this process 16.8 s, Postgres 28.1 s; per batch of 200 about 12 statements, two batch
 *     loops at once. (At 300 000 cases before the cursor on the due index: 916 steps/s, most
 *     of the wait in walking the dead index entries of the journeys already moved.)
 *   - a pass with nothing due, median after VACUUM: 0.56 ms at 10 000 and 0.62 ms at 1 000 000
 *     (ratio 1.11: met; the probe itself is the same index scan at any size); right after the
 *     busy pass 0.75 ms and ~370 ms (the ~60 000 index entries the pass left dead, until VACUUM
 *     or the scans' hints clear them).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { DataSource } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { JourneysService, openCasesDataSource, schedulerPass, standaloneContext, TenantDatabase, type PassReport } from '@amicus/cases';
import { admin, benchDatabaseUrl } from './support/database';

const CASES = Number(process.env.CASES ?? 1_000_000);
const DUE = Number(process.env.DUE ?? 50_000);
/** The other size the pass with nothing due is measured at. */
const SMALL = 10_000;
/** `outgoing`: only "what goes out today" (read only, so a kept database can be timed again and again). */
const ONLY = process.env.ONLY ?? null;
const NOW = new Date(process.env.BENCH_NOW ?? '2025-11-04T08:00:00Z');
const TIME_ZONE = 'Europe/Brussels';
const REGISTRATION = '0123.456.789';
const AGENCY_ADMIN: Identity = { subject: 'bench', role: 'agency_admin', clientId: null, brandIds: [], email: null };

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
const ms = (since: bigint) => seconds(since) * 1000;
const n = (x: number) => x.toLocaleString('en');

/** The scheduler's context on the bench's fixed clock, writing the cases outbox. */
function context() {
  const ctx = standaloneContext({ timeZone: TIME_ZONE, agencyRegistration: REGISTRATION, topicPrefix: '' });
  ctx.clock.advance(NOW.getTime() - Date.now());
  return ctx;
}

async function main(): Promise<void> {
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  console.log(`${os.cpus().length} cores, load average ${load()} at the start`);
  if (ONLY === 'outgoing') return outgoingOnly();
  const small = await emptyPassesAt(SMALL, Math.max(1, Math.round((SMALL * DUE) / CASES)), false);
  const large = await emptyPassesAt(CASES, DUE, true);
  console.log(`pass with nothing due (one transaction, the due-index probe, SKIP LOCKED):`);
  for (const r of [small, large])
    console.log(
      `  ${n(r.cases).padStart(9)} open cases: right after the busy pass ${r.first.toFixed(2)} ms; after VACUUM median ${r.median.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms (100 passes)`,
    );
  console.log(
    `  ratio ${n(CASES)} / ${n(SMALL)}: ${(large.median / small.median).toFixed(2)} (median after VACUUM), ${(large.first / small.first).toFixed(2)} (right after the busy pass)`,
  );
  console.log(`load average ${load()} at the end`);
}

/** Fills CASES (or reuses DATABASE_NAME) and times outgoing alone, three times. */
async function outgoingOnly(): Promise<void> {
  const reuse = process.env.DATABASE_NAME ?? null;
  const database = reuse ?? `amicus_bench_scheduler_${CASES}_${process.pid}`;
  if (!reuse) {
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${database}`);
  }
  const ds = await openCasesDataSource(benchDatabaseUrl(database), 2);
  try {
    if (!reuse) await fill(ds, CASES, DUE);
    for (let i = 0; i < 3; i++) await outgoing(ds, DUE);
    await explainOutgoing(ds);
  } finally {
    await ds.destroy();
    if (!reuse && !process.env.KEEP_DB) await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    else console.log(`kept database ${database}`);
  }
}

interface EmptyPass {
  cases: number;
  first: number;
  median: number;
  p95: number;
}

/** Fills a database of `cases` cases with `due` due; `report` measures outgoing and the busy pass too (else they just run). */
async function emptyPassesAt(cases: number, due: number, report: boolean): Promise<EmptyPass> {
  const database = `amicus_bench_scheduler_${cases}_${process.pid}`;
  await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${database}`);
  const ds = await openCasesDataSource(benchDatabaseUrl(database), 2);
  try {
    await fill(ds, cases, due);
    if (report) await roundTrips(ds);
    if (report) await outgoing(ds, due);
    await busyPass(ds, due, report);
    const ctx = context();
    let t = process.hrtime.bigint();
    await schedulerPass(ds, ctx);
    const first = ms(t);
    await ds.query(`VACUUM ANALYZE cases.case_journeys`);
    for (let i = 0; i < 10; i++) await schedulerPass(ds, ctx);
    const times: number[] = [];
    for (let i = 0; i < 100; i++) {
      t = process.hrtime.bigint();
      const r = await schedulerPass(ds, ctx);
      times.push(ms(t));
      if (handled(r) !== 0) throw new Error(`a pass with nothing due handled ${JSON.stringify(r)}`);
    }
    times.sort((a, b) => a - b);
    if (report) await explainTake(ds);
    return { cases, first, median: times[50]!, p95: times[95]! };
  } finally {
    await ds.destroy();
    if (!process.env.KEEP_DB) await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

const handled = (r: PassReport) => r.started + r.ran + r.waited + r.review + r.stopped + r.failed;

// A case's kind, jurisdiction and client come from bits of a hash of its number, so that the
// due ones (every so many numbers) hold the four defaults alike, as the others do.
const CONSUMER = `hashint4(g) & 1 = 0`;
const KIND = `CASE WHEN ${CONSUMER} THEN 'consumer' ELSE 'business' END`;
const COUNTRY = `CASE WHEN hashint4(g) & 2 = 0 THEN 'BE' ELSE 'NL' END`;
const CLIENT = `((hashint4(g) >> 2) & 1)`;
/** Exactly `due` of the `cases` numbers, evenly spread. */
const IS_DUE = `((g + 1)::bigint * $2 / $1) > (g::bigint * $2 / $1)`;

async function fill(ds: DataSource, cases: number, due: number): Promise<void> {
  const t0 = process.hrtime.bigint();
  const clients = [crypto.randomUUID(), crypto.randomUUID()];
  const brands = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  await ds.query(
    `INSERT INTO cases.clients (id, name, country, sme) VALUES ($1, 'Bench BE client', 'BE', false), ($2, 'Bench NL client', 'NL', true)`,
    clients,
  );
  await ds.query(
    `INSERT INTO cases.brands (id, client_id, name, languages, phone) VALUES ($1, $4, 'Brand A', '{nl,fr}', '+3225551234'),
            ($2, $4, 'Brand B', '{nl,fr}', '+3225551235'), ($3, $5, 'Brand C', '{nl}', '+31205551234')`,
    [...brands, ...clients],
  );
  const clientOf = `(ARRAY[$2::uuid, $3::uuid])[${CLIENT} + 1]`;
  await ds.query(
    `INSERT INTO cases.debtors (id, client_id, kind, name, client_reference, vat_number, emails, phones, addresses, preferred_channel, language, country, time_zone)
     SELECT md5('d' || g)::uuid, ${clientOf}, ${KIND}, CASE WHEN ${CONSUMER} THEN 'Debtor ' ELSE 'Company ' END || g, 'D' || g,
            CASE WHEN NOT ${CONSUMER} THEN ${COUNTRY} || lpad((g::bigint * 7919 % 1000000000)::text, 10, '0') END,
            ARRAY['debtor' || g || '@example.org'], CASE WHEN g % 3 = 0 THEN ARRAY['+32470' || lpad((g % 1000000)::text, 6, '0')] ELSE '{}' END,
            jsonb_build_array(jsonb_build_object('lines', jsonb_build_array('Kerkstraat ' || (g % 300 + 1)), 'postcode', '9000', 'city', 'Gent', 'country', ${COUNTRY})),
            CASE WHEN g % 5 = 0 THEN 'email' END, CASE WHEN ${COUNTRY} = 'BE' AND g % 3 = 0 THEN 'fr' ELSE 'nl' END, ${COUNTRY},
            CASE WHEN ${COUNTRY} = 'BE' THEN 'Europe/Brussels' ELSE 'Europe/Amsterdam' END
       FROM generate_series(0, $1::int - 1) g`,
    [cases, ...clients],
  );
  // Placed in the last ten days, due 10 to 90 days before; €20 to €5 020.
  await ds.query(
    `INSERT INTO cases.cases (id, client_id, brand_id, debtor_id, phase, currency, principal_minor, oldest_due_date, priority_score, opened_at, updated_at)
     SELECT md5('c' || g)::uuid, ${clientOf},
            CASE WHEN ${CLIENT} = 1 THEN $6::uuid WHEN (hashint4(g) >> 3) & 1 = 0 THEN $4::uuid ELSE $5::uuid END,
            md5('d' || g)::uuid, 'placed', 'EUR', 2000 + (g::bigint * 7919) % 500000, $7::date - (10 + g % 80),
            cases.stored_priority_score(2000 + (g::bigint * 7919) % 500000, 2, $7::date - (10 + g % 80), 0, NULL),
            $8::timestamptz - interval '1 minute' * (g % 14400), $8::timestamptz
       FROM generate_series(0, $1::int - 1) g`,
    [cases, ...clients, ...brands, NOW.toISOString().slice(0, 10), NOW],
  );
  await ds.query(
    `INSERT INTO cases.claims (id, client_id, case_id, invoice_number, issue_date, due_date, principal_minor, currency, interest_clause, damages_clause, placed_at)
     SELECT md5('k' || g)::uuid, c.client_id, c.id, 'INV-' || g, c.oldest_due_date - 30, c.oldest_due_date, c.principal_minor, 'EUR', g % 3 <> 0, g % 2 = 0, c.opened_at
       FROM generate_series(0, $1::int - 1) g JOIN cases.cases c ON c.id = md5('c' || g)::uuid`,
    [cases],
  );
  // Started as startJourney leaves a journey: on the default's active version, its steps as stored, waiting for the first step.
  await ds.query(
    `INSERT INTO cases.case_journeys (case_id, client_id, status, scenario_version_id, scenario_name, steps, next_step_key, next_step_at, updated_at)
     SELECT c.id, c.client_id, 'active', v.id::text, s.name, v.steps, v.steps -> 0 ->> 'key',
            CASE WHEN ${IS_DUE} THEN $3::timestamptz - interval '1 second' * (g % 3600)
                 ELSE $3::timestamptz + interval '1 day' + interval '1 minute' * (g % 57600) END,
            c.opened_at
       FROM generate_series(0, $1::int - 1) g JOIN cases.cases c ON c.id = md5('c' || g)::uuid JOIN cases.debtors d ON d.id = c.debtor_id
       JOIN cases.scenarios s ON s.client_id IS NULL AND s.country = d.country AND s.debtor_kind = d.kind
       JOIN cases.scenario_versions v ON v.scenario_id = s.id AND v.status = 'active'`,
    [cases, due, NOW],
  );
  for (const t of ['debtors', 'cases', 'claims', 'case_journeys']) await ds.query(`VACUUM ANALYZE cases.${t}`);
  const mix: { name: string; first: string; due: number; later: number }[] = await ds.query(
    `SELECT scenario_name AS name, min(next_step_key) AS first, count(*) FILTER (WHERE next_step_at <= $1)::int AS due, count(*) FILTER (WHERE next_step_at > $1)::int AS later
       FROM cases.case_journeys GROUP BY 1 ORDER BY 1`,
    [NOW],
  );
  console.log(
    `filled ${n(cases)} open cases (${n(due)} due) in ${seconds(t0).toFixed(1)} s: ${mix.map((m) => `${m.name} ${n(m.due)} due + ${n(m.later)} later (first step ${m.first})`).join('; ')}`,
  );
}

/** The floor under any one-case-at-a-time loop: round trips of `SELECT 1` in one transaction, here and now. */
async function roundTrips(ds: DataSource): Promise<void> {
  const t = process.hrtime.bigint();
  await ds.transaction(async (m) => {
    for (let i = 0; i < 5000; i++) await m.query('SELECT 1');
  });
  const s = seconds(t);
  console.log(
    `baseline: 5,000 round trips of SELECT 1 in one transaction: ${n(Math.round(5000 / s))}/s (${((s / 5000) * 1000).toFixed(3)} ms each)`,
  );
}

/** "What goes out today", as the GraphQL `outgoing` answers the agency admin. */
async function outgoing(ds: DataSource, due: number): Promise<void> {
  const ctx = context();
  const service = new JourneysService(new TenantDatabase(ds), ctx.clock, { AMICUS_AGENCY_REGISTRATION: REGISTRATION });
  const { result: report, s, cpu } = await timed(ds, () => service.outgoing(AGENCY_ADMIN, {}));
  const listed = report.goingOut.length + report.heldBack.length;
  if (listed !== due) throw new Error(`outgoing listed ${listed} journeys, ${due} are due`);
  console.log(
    `outgoing(${report.date}) over ${n(due)} due journeys: ${s.toFixed(2)} s (target < 5 s) = ${n(Math.round(due / s))} journeys/s; ` +
      `${n(report.goingOut.length)} going out (${report.counts.map((c) => `${c.channel} ${n(c.count)}`).join(', ')}), ${n(report.heldBack.length)} held back; ${cpu}`,
  );
}

/** One pass over the due journeys, as the service's timer runs it. */
async function busyPass(ds: DataSource, due: number, report: boolean): Promise<void> {
  const ctx = context();
  const { result: r, s, cpu } = await timed(ds, () => schedulerPass(ds, ctx));
  if (handled(r) !== due) throw new Error(`the pass handled ${JSON.stringify(r)}, ${due} are due`);
  if (!report) return;
  const [w] = await ds.query(
    `SELECT (SELECT count(*) FROM cases.step_executions)::int AS executions, (SELECT count(*) FROM cases.outbox)::int AS events,
            (SELECT count(*) FROM cases.audit_entries)::int AS audit`,
  );
  console.log(
    `scheduler pass over ${n(due)} due journeys: ${s.toFixed(1)} s = ${n(Math.round(r.ran / s))} steps/s (target ≥ 1,000) ${JSON.stringify(r)}; ` +
      `wrote ${n(w.executions)} step executions, ${n(w.events)} outbox events, ${n(w.audit)} audit entries; ${cpu}`,
  );
}

/** The work's wall time, and the CPU this process and the database's backends spent on it (Postgres on this host: /proc). */
async function timed<T>(ds: DataSource, work: () => Promise<T>): Promise<{ result: T; s: number; cpu: string }> {
  const pg0 = await backendsCpu(ds);
  const node0 = process.cpuUsage();
  const t = process.hrtime.bigint();
  const result = await work();
  const s = seconds(t);
  const node = process.cpuUsage(node0);
  const pg1 = await backendsCpu(ds);
  const nodeS = (node.user + node.system) / 1e6;
  const pg = pg0 === null || pg1 === null ? 'n/a' : `${(pg1 - pg0).toFixed(1)} s`;
  return { result, s, cpu: `of the ${s.toFixed(1)} s, CPU: this process ${nodeS.toFixed(1)} s, Postgres ${pg}` };
}

/** User and system CPU seconds of the backends on this database so far; null when /proc does not show them. */
async function backendsCpu(ds: DataSource): Promise<number | null> {
  const backends: { pid: number }[] = await ds.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
  let ticks = 0;
  try {
    for (const { pid } of backends) {
      // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
  } catch {
    return null;
  }
  return ticks / 100;
}

/** The plan of a page of outgoing's due list (its statement as the agency admin runs it, under row-level security), halfway through. */
async function explainOutgoing(ds: DataSource): Promise<void> {
  const end = new Date(NOW.getTime() + 86_400_000);
  const halfway = new Date(NOW.getTime() - 1_800_000);
  const plan: Record<string, string>[] = await new TenantDatabase(ds).run(AGENCY_ADMIN, async (m) => {
    await m.query(`SET LOCAL jit = off`);
    return m.query(
      `EXPLAIN (ANALYZE, BUFFERS) WITH page AS MATERIALIZED (
         SELECT * FROM cases.case_journeys j WHERE j.next_step_at < $1 AND j.status IN ('new', 'active')
            AND j.next_step_at >= $2 AND (j.next_step_at, j.case_id) > ($2, '00000000-0000-0000-0000-000000000000'::uuid)
          ORDER BY j.next_step_at, j.case_id LIMIT 1000)
       SELECT c.*, d.name, cl.sme, j.case_id, CASE WHEN v.steps = j.steps THEN NULL ELSE j.steps::text END AS steps, c.id IS NOT NULL AS listed
         FROM page j
         LEFT JOIN (cases.cases c JOIN cases.debtors d ON d.id = c.debtor_id JOIN cases.clients cl ON cl.id = c.client_id) ON c.id = j.case_id AND true
         LEFT JOIN cases.scenario_versions v ON v.id::text = j.scenario_version_id
        ORDER BY j.next_step_at, j.case_id`,
      [end, halfway],
    );
  });
  console.log(`a page of outgoing's due list at ${n(CASES)} cases:\n${plan.map((r) => `  ${r['QUERY PLAN']}`).join('\n')}`);
}

/** The plan of the due-journeys probe with nothing due. */
async function explainTake(ds: DataSource): Promise<void> {
  const plan: Record<string, string>[] = await ds.transaction((m) =>
    m.query(
      `EXPLAIN (ANALYZE, COSTS OFF) SELECT case_id FROM cases.case_journeys WHERE next_step_at <= $1 AND status IN ('new', 'active')
        ORDER BY next_step_at, case_id LIMIT 200 FOR UPDATE SKIP LOCKED`,
      [NOW],
    ),
  );
  console.log(`the due-journeys probe with nothing due, at ${n(CASES)} cases:\n${plan.map((r) => `  ${r['QUERY PLAN']}`).join('\n')}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
