/**
 * #16 §3: the court dossier of a case with 50 communications (target < 5 s), through the
 * service's own code on a fresh database — the tenant transaction as legal staff (row-level
 * security), the case file's reads, the legal engine's statement, the PDF and the JSON package,
 * the dossier recorded with its audit entry and DossierIssued in the outbox.
 *
 *   npm run bench -- legal-dossier          (COMMUNICATIONS=50, RUNS=10 by default)
 */
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import { Outbox } from '@amicus/messaging';
import type { Messaging } from '@amicus/service-runtime';
import { LegalDossierService, openCasesDataSource, TenantDatabase } from '@amicus/cases';
import { admin, benchDatabaseUrl } from './support/database';

const COMMUNICATIONS = Number(process.env.COMMUNICATIONS ?? 50);
const RUNS = Number(process.env.RUNS ?? 10);
const DATABASE = `amicus_bench_dossier_${process.pid}`;

const ids = { client: crypto.randomUUID(), brand: crypto.randomUUID(), debtor: crypto.randomUUID(), case: crypto.randomUUID() };

async function fill(ds: DataSource): Promise<void> {
  await ds.query(
    `INSERT INTO cases.clients (id, name, country, enterprise_number) VALUES ($1, 'Brouwerij Bench NV', 'BE', '0456.789.123')`,
    [ids.client],
  );
  await ds.query(`INSERT INTO cases.brands (id, client_id, name, languages) VALUES ($1, $2, 'Bench', '{nl,fr}')`, [ids.brand, ids.client]);
  await ds.query(
    `INSERT INTO cases.debtors (id, client_id, kind, name, language, country, time_zone, addresses)
     VALUES ($1, $2, 'consumer', 'Jan Peeters', 'nl', 'BE', 'Europe/Brussels', '[{"lines":["Kerkstraat 12"],"postcode":"9000","city":"Gent","country":"BE"}]')`,
    [ids.debtor, ids.client],
  );
  await ds.query(
    `INSERT INTO cases.cases (id, client_id, brand_id, debtor_id, phase, currency, principal_minor, oldest_due_date, opened_at)
     VALUES ($1, $2, $3, $4, 'legal', 'EUR', 360000, '2025-10-01', now() - interval '200 days')`,
    [ids.case, ids.client, ids.brand, ids.debtor],
  );
  for (let i = 0; i < 3; i++)
    await ds.query(
      `INSERT INTO cases.claims (id, client_id, case_id, invoice_number, issue_date, due_date, principal_minor, currency, interest_clause, damages_clause, placed_at)
       VALUES ($1, $2, $3, $4, date '2025-09-01' + $5::int * 10, date '2025-10-01' + $5::int * 10, 120000, 'EUR', true, true, now() - interval '200 days')`,
      [crypto.randomUUID(), ids.client, ids.case, `F-2025-${100 + i}`, i],
    );
  // What communications told the case file (its events): each message with its proof; calls; the contact history the engine reads.
  for (let i = 0; i < COMMUNICATIONS; i++) {
    const at = `now() - interval '${180 - i * 3} days'`;
    const kind = i === 0 ? 'first_reminder' : i === 1 ? 'formal_notice' : 'reminder';
    await ds.query(
      `INSERT INTO cases.communication_proofs (id, case_id, kind, channel, language, recipient, sent_at, provider_message_id, sha256, delivered_at)
       VALUES ($1, $2, $3, $4, 'nl', 'jan@example.be', ${at}, $5, $6, ${at} + interval '1 minute')`,
      [`com-${i}`, ids.case, kind, i % 3 === 0 ? 'letter' : 'email', `msg-${i}`, createHash('sha256').update(`sent ${i}`).digest('hex')],
    );
    await ds.query(`INSERT INTO cases.contact_history (id, case_id, kind, channel, at, complete) VALUES ($1, $2, $3, $4, ${at}, true)`, [
      `com-${i}`,
      ids.case,
      kind === 'reminder' ? 'contact' : kind,
      i % 3 === 0 ? 'letter' : 'email',
    ]);
  }
  for (let i = 0; i < 10; i++)
    await ds.query(
      `INSERT INTO cases.call_records (id, case_id, agent_id, number, direction, outcome, at, note) VALUES ($1, $2, 'agent-1', '+32470123456', 'outbound', 'no_answer', now() - interval '${100 - i} days', 'no answer')`,
      [`call-${i}`, ids.case],
    );
  await ds.query(
    `INSERT INTO cases.audit_entries (case_id, actor_kind, actor_id, at, action, reason, after)
     SELECT $1, 'system', 'scheduler', now() - interval '1 hour' * g, 'journey_step', NULL, '{}'::jsonb FROM generate_series(1, 200) g`,
    [ids.case],
  );
}

async function main(): Promise<void> {
  await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DATABASE}`);
  const ds = await openCasesDataSource(benchDatabaseUrl(DATABASE), 2);
  try {
    await fill(ds);
    const outbox = new Outbox('cases', { topicPrefix: '' });
    // The outbox written in the dossier's transaction, as the service does; no relay (no Kafka needed).
    const messaging = { publish: (m, events) => outbox.append(m, events) } as Pick<Messaging, 'publish'> as Messaging;
    const service = new LegalDossierService(new TenantDatabase(ds), messaging, new Clock('Europe/Brussels'), {
      AMICUS_AGENCY_REGISTRATION: 'FPS-ECO-2024-0117',
    });
    const legal: Identity = { subject: crypto.randomUUID(), role: 'legal', clientId: null, brandIds: [], email: null };
    const times: number[] = [];
    let first = 0;
    let bytes = 0;
    for (let r = 0; r < RUNS + 1; r++) {
      const started = process.hrtime.bigint();
      const d = await service.issue(legal, ids.case, crypto.randomUUID());
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (r > 0) times.push(ms);
      else first = ms; // the first run warms the code (fonts, the engine)
      if (d.package.communications.length !== COMMUNICATIONS)
        throw new Error(`${d.package.communications.length} communications in the dossier`);
      bytes = d.pdf.length;
    }
    const [{ n }]: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM cases.outbox WHERE type = 'DossierIssued'`);
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.floor(times.length * p))]!.toFixed(0);
    console.log(
      `legal dossier of a case with ${COMMUNICATIONS} communications, 10 calls, 3 claims, 200 audit entries: ${RUNS} runs (after one warm-up)`,
    );
    console.log(
      `  median ${at(0.5)} ms, max ${at(1)} ms, the first (cold) ${first.toFixed(0)} ms — target < 5000 ms; PDF ${(bytes / 1024).toFixed(0)} KiB; ${n} DossierIssued in the outbox`,
    );
  } finally {
    await ds.destroy();
    await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
