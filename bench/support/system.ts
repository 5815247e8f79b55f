import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { admin, benchDatabaseUrl } from './database';

/** The workspace root (bench/support is two levels down). */
export const ROOT = path.join(__dirname, '..', '..');

const PROCESSES = [
  { name: 'cases', entry: 'dist/services/cases/src/main.js' },
  { name: 'communications', entry: 'dist/services/communications/src/main.js' },
  { name: 'billing', entry: 'dist/services/billing/src/main.js' },
  { name: 'reporting', entry: 'dist/services/reporting/src/main.js' },
  { name: 'gateway', entry: 'dist/gateway/src/main.js' },
] as const;
export type ProcessName = (typeof PROCESSES)[number]['name'];

/**
 * The whole system for a bench, as tests/support/system.ts starts it for the e2e tests: the four
 * subgraphs and the gateway from dist/ (build first), the gateway on the base port and the
 * subgraphs on the ports after it, a fresh database of its own, its own consumer groups and topics.
 */
export class BenchSystem {
  readonly databaseUrl: string;
  private readonly children = new Map<ProcessName, ChildProcess>();
  private readonly logDir: string;

  constructor(
    readonly database: string,
    private readonly basePort: number,
    private readonly extraEnv: NodeJS.ProcessEnv = {},
    /** Node's own flags for every process (e.g. --cpu-prof). */
    private readonly nodeArgs: string[] = [],
  ) {
    this.databaseUrl = benchDatabaseUrl(database);
    this.logDir = path.join(ROOT, '.data', 'bench-logs', database);
  }

  portOf(name: ProcessName): number {
    return name === 'gateway' ? this.basePort : this.basePort + 1 + PROCESSES.findIndex((p) => p.name === name);
  }

  async start(): Promise<void> {
    await admin(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`);
    await admin(`CREATE DATABASE "${this.database}"`);
    fs.mkdirSync(this.logDir, { recursive: true });
    const url = (n: ProcessName) => `http://127.0.0.1:${this.portOf(n)}/graphql`;
    for (const p of PROCESSES) {
      const out = fs.openSync(path.join(this.logDir, `${p.name}.log`), 'w');
      const child = spawn(process.execPath, ['--enable-source-maps', ...this.nodeArgs, path.join(ROOT, p.entry)], {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: this.databaseUrl,
          KAFKA_GROUP_PREFIX: `${this.database}.`,
          KAFKA_TOPIC_PREFIX: `${this.database}.`,
          CASES_URL: url('cases'),
          COMMUNICATIONS_URL: url('communications'),
          BILLING_URL: url('billing'),
          REPORTING_URL: url('reporting'),
          AMICUS_SCHEDULER_INTERVAL_MS: '0',
          ...this.extraEnv,
          PORT: String(this.portOf(p.name)),
        },
        stdio: ['ignore', out, out],
      });
      this.children.set(p.name, child);
    }
    const deadline = Date.now() + 120_000;
    for (;;) {
      for (const [name, child] of this.children)
        if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}): see ${this.logDir}/${name}.log`);
      const health = await Promise.all(
        [...this.children.keys()].map((n) =>
          fetch(`http://127.0.0.1:${this.portOf(n)}/health`).then(
            (r) => r.ok,
            () => false,
          ),
        ),
      );
      if (health.every(Boolean)) return;
      if (Date.now() > deadline) throw new Error(`the system did not start in time: see ${this.logDir}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Stops every process (SIGTERM, then SIGKILL after 15 s) and drops the database. */
  async stop(): Promise<void> {
    await Promise.all(
      [...this.children.values()].map(async (child) => {
        if (child.exitCode !== null) return;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
        await exited;
        clearTimeout(timer);
      }),
    );
    this.children.clear();
    if (!process.env.KEEP_DB) await admin(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`);
  }
}
