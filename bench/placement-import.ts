/**
 * Placement import end to end, against a plain COPY of the same file, on the same machine in
 * the same run.
 *
 * Generates a CSV as an accounting export looks (semicolon, decimal comma, dd/mm/yyyy; 200 000
 * debtors with 5 invoices each), then:
 *   1. baseline: `\copy` of the file into an unindexed table of text columns (psql, FROM STDIN);
 *   2. the import: the cases service's placement use case (parse, validate, match debtors, write
 *      debtors, cases, claims, audit entries and outbox events) in one transaction, streamed;
 *   3. writes alone: the rows the import wrote, COPYed into empty tables with the same indexes —
 *      the floor under any importer of this file into this schema.
 * Reports the three rates and the import's RSS (peak and along the way: flat = streaming works).
 *
 *   npm run bench -- placement-import            (ROWS=1000000 by default; ROWS=100000 for a run of a few minutes)
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timeZoneOfCountry } from '@amicus/calendar';
import { bulkOutbox, importPlacement, openCasesDataSource, readPlacementFile, suggestMapping } from '@amicus/cases';
import { uuidV7 } from '@amicus/ids';
import { admin, benchDatabaseUrl } from './support/database';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const DEBTORS = Math.max(1, Math.floor(ROWS / 5));
const DATABASE = `amicus_bench_placement_${process.pid}`;
const URL = benchDatabaseUrl(DATABASE);
const path = join(tmpdir(), `amicus-placement-import-${process.pid}.csv`);

const names = [
  'Café De Zwaan',
  'Brasserie Léopold',
  'Jan Peeters',
  'Müller & Söhne',
  'Ann Janssens',
  'Boulangerie Hélène',
  'Zoë Van den Broeck',
  'Garage Martens',
];
const cities = [
  ['9000', 'Gent'],
  ['1000', 'Bruxelles'],
  ['2000', 'Antwerpen'],
  ['4000', 'Liège'],
  ['8000', 'Brugge'],
] as const;
const COLUMNS = [
  'Relatiecode',
  'Naam',
  'E-mail',
  'Adres',
  'Postcode',
  'Plaats',
  'Land',
  'Factuurnummer',
  'Factuurdatum',
  'Vervaldatum',
  'Bedrag',
  'Valuta',
  'Omschrijving',
];

async function generate(): Promise<void> {
  const out = createWriteStream(path);
  out.write(COLUMNS.join(';') + '\r\n');
  let batch = '';
  for (let i = 0; i < ROWS; i++) {
    const d = i % DEBTORS;
    const name = `${names[d % names.length]} ${d}`;
    const [postcode, city] = cities[d % cities.length] as readonly [string, string];
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String((i % 12) + 1).padStart(2, '0');
    const euros = 10 + (i % 25_000);
    const amount = `${euros >= 1000 ? `${Math.floor(euros / 1000)}.${String(euros % 1000).padStart(3, '0')}` : euros},${String(i % 100).padStart(2, '0')}`;
    batch += `D${d};${name};klant${d}@example.be;Kerkstraat ${d % 300};${postcode};${city};BE;F${i};${day}/${month}/2023;${day}/${month}/2024;${amount};EUR;Levering ${i}\r\n`;
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
}

function psql(...commands: string[]): void {
  const r = spawnSync('psql', [URL, '-v', 'ON_ERROR_STOP=1', '-q', ...commands.flatMap((c) => ['-c', c])], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
}

function copyBaseline(): number {
  const table = `copy_baseline_${process.pid}`;
  const columns = COLUMNS.map((_, i) => `c${i} text`).join(', ');
  psql(`CREATE TABLE public.${table} (${columns})`);
  const t0 = process.hrtime.bigint();
  psql(`\\copy public.${table} FROM '${path}' WITH (FORMAT csv, DELIMITER ';', HEADER true)`);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  psql(`DROP TABLE public.${table}`);
  return seconds;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  await generate();
  console.log(
    `generated ${ROWS.toLocaleString('en')} rows (${DEBTORS.toLocaleString('en')} debtors), ${((await stat(path)).size / 1e6).toFixed(1)} MB in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );

  await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DATABASE}`);
  const ds = await openCasesDataSource(URL, 2);
  const clientId = crypto.randomUUID();
  const brandId = crypto.randomUUID();
  await ds.query(`INSERT INTO cases.clients (id, name, country) VALUES ($1, 'Bench client', 'BE')`, [clientId]);
  await ds.query(`INSERT INTO cases.brands (id, client_id, name, languages) VALUES ($1, $2, 'Bench brand', '{nl,fr}')`, [
    brandId,
    clientId,
  ]);

  const copySeconds = copyBaseline();
  const copyRate = ROWS / copySeconds;
  console.log(
    `baseline: psql \\copy into an unindexed text table: ${copySeconds.toFixed(1)} s = ${Math.round(copyRate).toLocaleString('en')} rows/s`,
  );

  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  let rows = 0;
  const samples: number[] = [];
  const sampler = setInterval(() => {
    const rss = process.memoryUsage().rss;
    peak = Math.max(peak, rss);
    samples.push(rss);
  }, 250);
  const started = process.hrtime.bigint();
  const table = await readPlacementFile(path);
  const report = await ds.transaction((m) =>
    importPlacement(m, bulkOutbox('cases'), {
      placementId: uuidV7(),
      clientId,
      brandId,
      source: 'file',
      fileName: 'bench.csv',
      actor: { kind: 'admin', id: 'bench' },
      correlationId: crypto.randomUUID(),
      header: table.header,
      records: table.records,
      mapping: suggestMapping(table.header).mapping,
      now: new Date('2025-01-15T10:00:00Z'),
      timeZone: timeZoneOfCountry('BE'),
      onProgress: (n) => {
        rows = n;
        if (n % 100_000 === 0)
          process.stderr.write(
            `  ${n.toLocaleString('en')} rows, ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s, RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB\n`,
          );
      },
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const rate = report.rowsRead / seconds;
  const [counts] = await ds.query(
    `SELECT (SELECT count(*) FROM cases.claims) AS claims, (SELECT count(*) FROM cases.cases) AS cases, (SELECT count(*) FROM cases.debtors) AS debtors, (SELECT count(*) FROM cases.outbox) AS events`,
  );
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
  const at = (f: number) => samples[Math.min(samples.length - 1, Math.floor(samples.length * f))];
  console.log(`import: ${JSON.stringify({ ...report, issues: report.issues.length })}`);
  console.log(`written: ${counts.claims} claims, ${counts.cases} cases, ${counts.debtors} debtors, ${counts.events} outbox events`);
  console.log(
    `import: ${seconds.toFixed(1)} s = ${Math.round(rate).toLocaleString('en')} rows/s (${((rate / copyRate) * 100).toFixed(1)}% of the COPY rate); ` +
      `${(Number(counts.events) / Math.max(1, Number(counts.claims))).toFixed(2)} outbox events per claim`,
  );
  console.log(
    `RSS: before ${mb(baseline)}, peak ${mb(peak)}; at 10/25/50/75/90/100%: ${[0.1, 0.25, 0.5, 0.75, 0.9, 1].map((f) => (at(f) ? mb(at(f) as number) : '-')).join(' / ')}`,
  );
  const floor = await writesAlone(ds);
  console.log(
    `writes alone: psql \\copy of the rows the import wrote (${floor.rows.toLocaleString('en')} rows: ${floor.tables}) into empty tables with the same indexes: ` +
      `${floor.seconds.toFixed(1)} s = ${Math.round(ROWS / floor.seconds).toLocaleString('en')} placement rows/s (${((ROWS / floor.seconds / copyRate) * 100).toFixed(1)}% of the COPY rate: the most any importer writing these rows can reach here); ` +
      `the import reaches ${((rate / (ROWS / floor.seconds)) * 100).toFixed(0)}% of that. Per table: ${floor.times}`,
  );
  // Issue #19 §3: at least half the floor's rate, and a million claims in a minute end to end.
  const perMillion = (seconds / ROWS) * 1_000_000;
  console.log(
    `targets: import/floor ${((rate / (ROWS / floor.seconds)) * 100).toFixed(0)}% (≥ 50%); ` +
      `${perMillion.toFixed(1)} s per 1M claims at this rate (≤ 60 s; the floor alone is ${((floor.seconds / ROWS) * 1_000_000).toFixed(1)} s per 1M); peak RSS ${mb(peak)}`,
  );
  await ds.destroy();
  await rm(path, { force: true });
  if (!process.env.KEEP_DB) await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  void rows;
}

/**
 * The floor under any importer of this file into this schema: the rows the import wrote (claims,
 * cases, debtors, match keys, audit entries, outbox events), exported and then COPYed back into
 * empty tables with the same columns, checks and indexes (no foreign keys, no policies, nothing
 * to parse, validate or match). The import cannot be faster than storing its own output.
 */
async function writesAlone(
  ds: Awaited<ReturnType<typeof openCasesDataSource>>,
): Promise<{ seconds: number; rows: number; tables: string; times: string }> {
  const tables = ['claims', 'cases', 'debtors', 'debtor_match_keys', 'audit_entries', 'outbox'];
  const fileOf = (table: string) => join(tmpdir(), `amicus-floor-${process.pid}-${table}.copy`);
  const columnsOf = new Map<string, string>();
  const parts: string[] = [];
  let rows = 0;
  for (const table of tables) {
    const columns: { column_name: string }[] = await ds.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'cases' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
      [table],
    );
    const list = columns.map((c) => c.column_name).join(', ');
    columnsOf.set(table, list);
    psql(`\\copy (SELECT ${list} FROM cases.${table}) TO '${fileOf(table)}'`);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM cases.${table}`);
    rows += n;
    parts.push(`${n.toLocaleString('en')} ${table}`);
  }
  psql('CREATE SCHEMA floor', ...tables.map((t) => `CREATE TABLE floor.${t} (LIKE cases.${t} INCLUDING ALL)`), 'CHECKPOINT');
  let seconds = 0;
  const times: string[] = [];
  for (const t of tables) {
    const t0 = process.hrtime.bigint();
    psql(`\\copy floor.${t} (${columnsOf.get(t)}) FROM '${fileOf(t)}'`);
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    seconds += s;
    times.push(`${t} ${s.toFixed(1)} s`);
  }
  psql('DROP SCHEMA floor CASCADE');
  for (const t of tables) await rm(fileOf(t), { force: true });
  return { seconds, rows, tables: parts.join(', '), times: times.join(', ') };
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
