/**
 * Placement parsing speed and memory: generates a CSV as an Exact Online export looks
 * (semicolon, Windows-1252 with accented names, decimal comma, dd/mm/yyyy) in the temp
 * directory, then streams it through read → map → validate, and reports rows/s and RSS
 * sampled along the way (flat RSS = streaming works).
 *
 *   node -r @swc-node/register bench/placement-parse.ts        (ROWS=1000000 by default)
 */
import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { bindMapping, readPlacementFile, suggestMapping, validateRow } from '@amicus/cases';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const path = join(tmpdir(), `amicus-placement-bench-${process.pid}.csv`);

const names = [
  'Café De Zwaan BV',
  'Brasserie Léopold SRL',
  'Jan Peeters',
  'Müller & Söhne GmbH',
  'Société Générale d’Électricité SA',
  'Ann Janssens',
  'Boulangerie Hélène',
  'Zoë Van den Broeck',
];
const cities = [
  ['9000', 'Gent'],
  ['1000', 'Bruxelles'],
  ['2000', 'Antwerpen'],
  ['4000', 'Liège'],
  ['8000', 'Brugge'],
] as const;

async function generate(): Promise<void> {
  const out = createWriteStream(path);
  const header =
    'Relatiecode;Naam;E-mail;Telefoon;Adres;Postcode;Plaats;Land;Factuurnummer;Factuurdatum;Vervaldatum;Bedrag;Valuta;Omschrijving\r\n';
  out.write(iconv.encode(header, 'win1252'));
  let batch = '';
  for (let i = 0; i < ROWS; i++) {
    const name = names[i % names.length] as string;
    const [postcode, city] = cities[i % cities.length] as readonly [string, string];
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String((i % 12) + 1).padStart(2, '0');
    const euros = 10 + (i % 250_000);
    const amount = `${euros >= 1000 ? `${Math.floor(euros / 1000)}.${String(euros % 1000).padStart(3, '0')}` : euros},${String(i % 100).padStart(2, '0')}`;
    batch += `D${i % 200_000};${name};klant${i % 200_000}@example.be;0470 ${String(100000 + (i % 900000)).slice(0, 6)};Kerkstraat ${i % 300};${postcode};${city};BE;F${i};${day}/${month}/2023;${day}/${month}/2024;${amount};EUR;Levering ${i}\r\n`;
    if (batch.length > 1 << 20) {
      if (!out.write(iconv.encode(batch, 'win1252'))) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(iconv.encode(batch, 'win1252'));
  await once(out, 'finish');
}

async function main(): Promise<void> {
  const generatedAt = Date.now();
  await generate();
  const size = (await stat(path)).size;
  console.log(
    `generated ${ROWS.toLocaleString('en')} rows, ${(size / 1e6).toFixed(1)} MB in ${((Date.now() - generatedAt) / 1000).toFixed(1)} s: ${path}`,
  );

  global.gc?.();
  const baseline = process.memoryUsage().rss;
  const samples: { rows: number; rss: number }[] = [];
  let rows = 0;
  let good = 0;
  let peak = baseline;
  const sampler = setInterval(() => {
    const rss = process.memoryUsage().rss;
    peak = Math.max(peak, rss);
    samples.push({ rows, rss });
  }, 250);

  const started = process.hrtime.bigint();
  const table = await readPlacementFile(path);
  const bound = bindMapping({ ...suggestMapping(table.header).mapping, decimalSeparator: ',' }, table.header);
  const context = { today: '2024-12-31', clientCountry: 'BE' };
  for await (const record of table.records) {
    rows++;
    if (validateRow(record, bound, context).ok) good++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);

  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
  const at = (fraction: number) => samples[Math.min(samples.length - 1, Math.floor(samples.length * fraction))];
  console.log(`encoding ${table.encoding}, delimiter ${JSON.stringify(table.delimiter)}`);
  console.log(
    `parsed+validated ${rows.toLocaleString('en')} rows (${good.toLocaleString('en')} valid) in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds).toLocaleString('en')} rows/s`,
  );
  console.log(
    `RSS: before ${mb(baseline)}, peak ${mb(peak)}; sampled at 10/25/50/75/90/100%: ${[0.1, 0.25, 0.5, 0.75, 0.9, 1]
      .map((f) => at(f))
      .map((s) => (s ? mb(s.rss) : '-'))
      .join(' / ')}`,
  );
  await rm(path, { force: true });
  if (good !== rows) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
