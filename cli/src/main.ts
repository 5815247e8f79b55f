import { Command } from 'commander';
import { DEMO_USERS, loadDemoData } from './commands/demo-data';
import { gatewayKeyPair, scriptToken } from './commands/token';
import { legalAssess } from './commands/legal-assess';
import { legalDossier } from './commands/legal-dossier';
import { isDomainError } from '@amicus/errors';
import { importFile, summaryLines } from './commands/import';
import { outgoingLines, outgoingReport } from './commands/outgoing';
import { passLines, runSchedulerOnce } from './commands/scheduler';
import { addRate, listRates, rateLines } from './commands/rates';
import { bankSummaryLines, importBankFile } from './commands/bank';
import { peppolValidate } from './commands/peppol';
import { RebuildRefused, rebuildLines, rebuildReporting } from './commands/reporting';
import { parkedLines, parkedMessages, replayLines, replayParked } from './commands/messages';
import { PROCESSES, down, gatewayUrl, runningPid, up, waitUntilReady } from './system';

const say = (m: string) => process.stderr.write(m + '\n');

/** Bad input (a DomainError's field problems) is said field by field, with exit code 2; anything else is thrown on. */
function sayProblems(e: unknown): void {
  const problems = (e as { problems?: { field: string; reason: string }[] }).problems;
  if (!problems?.length) throw e;
  for (const p of problems) say(`${p.field}: ${p.reason}`);
  process.exitCode = 2;
}

/** The demo data, then the scheduler's first pass over it at once (the service's timer would take it within the minute). */
async function loadDemo(): Promise<void> {
  await loadDemoData(gatewayUrl(), say);
  const t0 = Date.now();
  const report = await runSchedulerOnce();
  for (const line of passLines(report, (Date.now() - t0) / 1000)) say(`  ${line}`);
}

const program = new Command('amicus').description('Amicus: case management for collection agencies').showHelpAfterError();

program
  .command('up')
  .description('start the whole system in the background; returns once the gateway answers')
  .option('--demo', "load the demo data and run the scheduler's first pass over it")
  .action(async (opts: { demo?: boolean }) => {
    const t0 = Date.now();
    await up(say);
    await waitUntilReady();
    if (opts.demo) await loadDemo();
    say(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    console.log(gatewayUrl());
  });

program
  .command('down')
  .description('stop the system (and the Kafka broker this project started)')
  .option('--keep-kafka', 'leave the broker running')
  .action(async (opts: { keepKafka?: boolean }) => down(say, { kafka: !opts.keepKafka }));

program
  .command('start')
  .description('start everything with demo data and stay in the foreground; Ctrl-C stops it')
  .action(async () => {
    const t0 = Date.now();
    await up(say);
    await waitUntilReady();
    await loadDemo();
    console.log(`\nAmicus is running (${((Date.now() - t0) / 1000).toFixed(1)} s).\n`);
    console.log(`  Web app (sign in with a demo login): ${gatewayUrl().replace(/\/graphql$/, '/')}`);
    console.log(`  GraphQL gateway (Apollo Sandbox in a browser): ${gatewayUrl()}\n`);
    console.log('  Demo logins (the web app, or mutation login(email, password)):');
    for (const [role, u] of Object.entries(DEMO_USERS)) console.log(`    ${role.padEnd(7)} ${u.email.padEnd(28)} ${u.password}`);
    console.log(`\n  Logs: .data/logs/{${PROCESSES.map((p) => p.name).join(',')}}.log — Ctrl-C stops everything.`);
    // Stay in the foreground, watching the processes, until Ctrl-C (a signal alone keeps no process alive).
    await new Promise<void>((resolve) => {
      const reported = new Set<string>();
      const watch = setInterval(() => {
        for (const p of PROCESSES) {
          if (runningPid(p.name) || reported.has(p.name)) continue;
          reported.add(p.name);
          say(`${p.name} stopped unexpectedly; see .data/logs/${p.name}.log`);
        }
      }, 5000);
      const stop = () => {
        clearInterval(watch);
        resolve();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await down(say);
  });

program
  .command('token')
  .description('print a signed token for scripts')
  .requiredOption('--role <role>', 'agency_admin, agent, legal or client_user')
  .option('--client <id>', 'the client of a client_user')
  .option('--brand <id...>', 'the brands of an agent')
  .option('--as <person>', "who uses it (an e-mail address): audit entries name this person; default the operator's login")
  .action((opts: { role: string; client?: string; brand?: string[]; as?: string }) => {
    console.log(scriptToken(opts));
  });

program
  .command('keys')
  .description("print a fresh Ed25519 key pair for the gateway's assertions (private: the gateway's; public: every subgraph's)")
  .action(() => {
    for (const [name, value] of Object.entries(gatewayKeyPair())) console.log(`${name}=${value}`);
  });

const legal = program.command('legal').description('the legal rules engine');
legal
  .command('assess')
  .description('read a JSON case on stdin; print the legal decision and the statement as JSON (see libs/legal/README.md)')
  .action(async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const { exitCode, output } = await legalAssess(Buffer.concat(chunks).toString('utf8'));
    (exitCode === 0 ? process.stdout : process.stderr).write(output + '\n');
    process.exitCode = exitCode;
  });
legal
  .command('dossier')
  .description(
    "a case's court dossier (legal phases): the PDF in the court's language to FILE and its JSON package beside it (as the agency admin; recorded, audited, DossierIssued)",
  )
  .argument('<caseId>', 'the case')
  .option('-o, --output <file>', 'the PDF file (default dossier-CASE_ID.pdf); the package goes to the same name with .json')
  .action(async (caseId: string, opts: { output?: string }) => {
    try {
      const d = await legalDossier(caseId, opts.output);
      console.log(
        `${d.pdfFile}: ${d.pages} pages, ${d.bytes} bytes, in ${d.language}; route ${d.routeId ?? 'none'}; ${d.communications} communications`,
      );
      console.log(`${d.jsonFile}: the package (amicus-legal-dossier/1)`);
    } catch (e) {
      // A case not found or not in the legal phases: the reason, exit code 1.
      if (isDomainError(e) && !e.problems.length) {
        say(e.message);
        process.exitCode = 1;
      } else sayProblems(e);
    }
  });

program
  .command('import')
  .description('import a placement file (CSV or XLSX) for a client: streamed, validated, one transaction; prints the report')
  .requiredOption('--client <id>', 'the client placing the claims')
  .option('--brand <id>', "the placement's brand (default: the client's first)")
  .option('--mapping <file>', "a JSON column mapping (default: the client's saved one, else suggested from the header)")
  .argument('<file>', 'the CSV or XLSX file')
  .action(async (file: string, opts: { client: string; brand?: string; mapping?: string }) => {
    const { SingleBar, Presets } = await import('cli-progress');
    const bar = new SingleBar(
      { format: 'importing [{bar}] {percentage}% | {rows} rows', stream: process.stderr, hideCursor: true },
      Presets.shades_classic,
    );
    const t0 = Date.now();
    bar.start(100, 0, { rows: 0 });
    try {
      const report = await importFile({
        clientId: opts.client,
        brandId: opts.brand,
        file,
        mappingFile: opts.mapping,
        onProgress: (done, total, rows) => bar.update(total ? Math.floor((done / total) * 100) : 0, { rows }),
      });
      bar.update(100, { rows: report.rowsRead });
      bar.stop();
      console.log(summaryLines(report, (Date.now() - t0) / 1000).join('\n'));
    } catch (e) {
      bar.stop();
      sayProblems(e);
    }
  });

program
  .command('outgoing')
  .description(
    'what the scheduler sends on a date: counts per channel, the steps that go out, those that will not (rule, from when); writes nothing',
  )
  .option('--date <date>', "YYYY-MM-DD in the agency's calendar (default: today)")
  .option('--client <id>', 'only this client')
  .option('--brand <id>', 'only this brand')
  .option('--json', 'print the whole report as JSON')
  .action(async (opts: { date?: string; client?: string; brand?: string; json?: boolean }) => {
    try {
      const report = await outgoingReport({ date: opts.date, clientId: opts.client, brandId: opts.brand });
      console.log(opts.json ? JSON.stringify(report, null, 2) : outgoingLines(report).join('\n'));
    } catch (e) {
      sayProblems(e);
    }
  });

const scheduler = program.command('scheduler').description("the cases scheduler: moves each case along its scenario's journey");
scheduler
  .command('run')
  .description('run a pass now over every journey due (the service also runs one on its timer, AMICUS_SCHEDULER_INTERVAL_MS)')
  .option('--once', 'one pass, then exit (the only mode for now)')
  .action(async (opts: { once?: boolean }) => {
    if (!opts.once) {
      say('amicus scheduler run: only --once is supported (the cases service runs the scheduler on its timer)');
      process.exitCode = 2;
      return;
    }
    const t0 = Date.now();
    const report = await runSchedulerOnce();
    console.log(passLines(report, (Date.now() - t0) / 1000).join('\n'));
  });

const rates = program.command('rates').description('the reference-rate tables the legal engine charges interest by (libs/legal/README.md)');
rates
  .command('list')
  .description('each table: its periods with their sources, the last known day, a warning from 30 days before it ends')
  .option('--json', 'print the tables as JSON')
  .action(async (opts: { json?: boolean }) => {
    const tables = await listRates();
    console.log(opts.json ? JSON.stringify(tables, null, 2) : rateLines(tables).join('\n'));
  });
rates
  .command('add')
  .description("add a table's next period, with where it was published (as the agency admin; recorded with who and when)")
  .requiredOption('--table <id>', 'be-late-payment, nl-statutory or nl-commercial')
  .requiredOption('--from <date>', 'YYYY-MM-DD: the day after the table ends')
  .option('--through <date>', 'YYYY-MM-DD, inclusive (default: the end of the half-year --from is in)')
  .requiredOption('--rate <percent>', 'yearly percent, decimal with a point: 10.50')
  .requiredOption('--source <text>', 'where the value was published (e.g. the Official Gazette notice and its date)')
  .action(async (opts: { table: string; from: string; through?: string; rate: string; source: string }) => {
    try {
      const table = await addRate({
        tableId: opts.table,
        from: opts.from,
        through: opts.through ?? null,
        ratePercent: opts.rate,
        source: opts.source,
      });
      console.log(rateLines([table]).join('\n'));
    } catch (e) {
      sayProblems(e);
    }
  });

const bank = program.command('bank').description("the agency's bank account: statements in, payments matched to cases");
bank
  .command('import')
  .description(
    'import a bank statement file (CAMT.053 or CODA 2, told from its content): every entry once, credits with an open case’s reference recorded as its payment, the rest queued for agents; prints the summary',
  )
  .option('--confirm', "import even when a statement's opening balance plus its entries is not its closing balance")
  .argument('<file>', 'the statement file')
  .action(async (file: string, opts: { confirm?: boolean }) => {
    const { SingleBar, Presets } = await import('cli-progress');
    const bar = new SingleBar(
      { format: 'importing [{bar}] {percentage}% | {entries} entries', stream: process.stderr, hideCursor: true },
      Presets.shades_classic,
    );
    const t0 = Date.now();
    bar.start(100, 0, { entries: 0 });
    try {
      const summary = await importBankFile({
        file,
        confirm: opts.confirm ?? false,
        onProgress: (done, total, entries) => bar.update(total ? Math.floor((done / total) * 100) : 0, { entries }),
      });
      bar.update(100, { entries: summary.entries });
      bar.stop();
      console.log(bankSummaryLines(summary, (Date.now() - t0) / 1000).join('\n'));
      // A balance to confirm is the operator's decision: say so by the exit code too.
      if (!summary.imported) process.exitCode = 3;
    } catch (e) {
      bar.stop();
      sayProblems(e);
    }
  });

const peppol = program.command('peppol').description('Peppol BIS Billing 3.0 e-invoices (libs/peppol/README.md)');
peppol
  .command('validate')
  .description('validate a UBL invoice or credit note against the shipped Peppol rules: exit 0 valid, 1 a rule failed, 2 not UBL')
  .option('--json', 'print the whole validation as JSON')
  .argument('<file>', 'the UBL XML file')
  .action(async (file: string, opts: { json?: boolean }) => {
    const r = await peppolValidate(file);
    if (opts.json && r.validation) console.log(JSON.stringify(r.validation, null, 2));
    else (r.exitCode === 0 ? process.stdout : process.stderr).write(r.lines.join('\n') + '\n');
    process.exitCode = r.exitCode;
  });

const reporting = program.command('reporting').description("reporting's read models: the figures clients and the agency see");
reporting
  .command('rebuild')
  .description('empty the read models and fold every event on the topics again (stops and restarts the reporting service if running)')
  .option('--force', "rebuild even though the broker's retention has dropped a topic's first events (figures then partial)")
  .action(async (opts: { force?: boolean }) => {
    try {
      console.log(rebuildLines(await rebuildReporting({ force: opts.force, say })).join('\n'));
    } catch (e) {
      if (!(e instanceof RebuildRefused)) throw e;
      say(`amicus reporting rebuild: ${e.message}`);
      process.exitCode = 2;
    }
  });

const messages = program.command('messages').description("the messages the services' consumers parked, and their replay once fixed");
messages
  .command('parked')
  .description('list the parked messages waiting for a replay: where, since when, why (transient, permanent, unknown)')
  .option('--service <name>', 'cases, communications, billing or reporting (default: all)')
  .option('--all', 'also those replayed or whose payload was purged')
  .action(async (opts: { service?: string; all?: boolean }) => {
    try {
      console.log(parkedLines(await parkedMessages(opts)).join('\n'));
    } catch (e) {
      sayProblems(e);
    }
  });
messages
  .command('replay')
  .description(
    're-deliver parked messages to their consumer once the cause is fixed (the running service replays each once); waits for the outcome',
  )
  .option('--service <name>', 'cases, communications, billing or reporting (default: all)')
  .option('--id <id>', 'one parked message, SERVICE/NUMBER as `amicus messages parked` lists it')
  .option('--all', 'every parked message waiting (of --service)')
  .option('--wait <seconds>', 'how long to wait for the outcome', '30')
  .action(async (opts: { service?: string; id?: string; all?: boolean; wait: string }) => {
    try {
      const outcomes = await replayParked({ ...opts, waitMs: Number(opts.wait) * 1000 });
      console.log(replayLines(outcomes).join('\n'));
      if (outcomes.some((o) => o.outcome === 'parked again')) process.exitCode = 1;
    } catch (e) {
      if (isDomainError(e) && !e.problems.length) {
        say(e.message);
        process.exitCode = 1;
      } else sayProblems(e);
    }
  });

program.parseAsync(process.argv).catch((e) => {
  say(`amicus: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
