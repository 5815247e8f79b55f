import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { PROCESSES, ROOT } from '@amicus/cli';

/**
 * The whole system for a test: the four subgraphs and the gateway from the compiled workspace
 * (`npm test` builds first), on their own ports, their own database and their own consumer
 * groups, against the real Kafka broker and the real Postgres server.
 */
export type ProcessName = (typeof PROCESSES)[number]['name'];

export class SystemUnderTest {
  readonly databaseUrl: string;
  private readonly children = new Map<ProcessName, ChildProcess>();
  private readonly logDir: string;

  constructor(
    readonly name: string,
    private readonly basePort: number,
    /** Extra environment for every process (e.g. where the SMTP relay listens, KAFKA_TOPIC_PREFIX). */
    private readonly extraEnv: NodeJS.ProcessEnv = {},
  ) {
    this.databaseUrl = `postgres://postgres@127.0.0.1:5432/amicus_${name}`;
    this.logDir = path.join(ROOT, '.data', 'test-logs', name);
  }

  /** Its installation's name of a topic (KAFKA_TOPIC_PREFIX in extraEnv gives it topics of its own). */
  topic(name: string): string {
    return (this.extraEnv.KAFKA_TOPIC_PREFIX ?? '') + name;
  }

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.basePort}/graphql`;
  }

  /** The gateway on the base port, the subgraphs on the ports after it. */
  portOf(name: ProcessName): number {
    return name === 'gateway' ? this.basePort : this.basePort + 1 + PROCESSES.findIndex((p) => p.name === name);
  }

  /** A fresh database each run, so every run also proves the migrations from nothing. */
  async resetDatabase(): Promise<void> {
    const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "amicus_${this.name}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }

  private env(): NodeJS.ProcessEnv {
    const url = (n: ProcessName) => `http://127.0.0.1:${this.portOf(n)}/graphql`;
    return {
      ...process.env,
      DATABASE_URL: this.databaseUrl,
      KAFKA_GROUP_PREFIX: `${this.name}.`,
      CASES_URL: url('cases'),
      COMMUNICATIONS_URL: url('communications'),
      BILLING_URL: url('billing'),
      REPORTING_URL: url('reporting'),
      SUPERGRAPH_POLL_MS: '1000',
      LOG_LEVEL: 'info',
      // The journeys move only when a test says so (extraEnv), so no test gets a reminder it did not ask for.
      AMICUS_SCHEDULER_INTERVAL_MS: '0',
      ...this.extraEnv,
    };
  }

  start(name: ProcessName): void {
    const entry = PROCESSES.find((p) => p.name === name)!.entry;
    fs.mkdirSync(this.logDir, { recursive: true });
    const out = fs.openSync(path.join(this.logDir, `${name}.log`), 'a');
    const child = spawn(process.execPath, ['--enable-source-maps', path.join(ROOT, entry)], {
      cwd: ROOT,
      env: { ...this.env(), PORT: String(this.portOf(name)) },
      stdio: ['ignore', out, out],
    });
    this.children.set(name, child);
  }

  async startAll(order: ProcessName[] = ['cases', 'communications', 'billing', 'reporting', 'gateway']): Promise<void> {
    for (const name of order) this.start(name);
    await this.waitUntilReady();
  }

  async stop(name: ProcessName): Promise<void> {
    const child = this.children.get(name);
    this.children.delete(name);
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
    await exited;
    clearTimeout(timer);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.children.keys()].map((n) => this.stop(n)));
  }

  isRunning(name: ProcessName): boolean {
    const c = this.children.get(name);
    return !!c && c.exitCode === null;
  }

  log(name: ProcessName): string {
    try {
      return fs.readFileSync(path.join(this.logDir, `${name}.log`), 'utf8');
    } catch {
      return '';
    }
  }

  async waitUntilReady(timeoutMs = 90000): Promise<void> {
    await eventually(async () => {
      for (const [name, child] of this.children) {
        if (child.exitCode !== null) throw new Fatal(`${name} exited (${child.exitCode}):\n${this.log(name).slice(-2000)}`);
      }
      for (const name of this.children.keys()) {
        const res = await fetch(`http://127.0.0.1:${this.portOf(name)}/health`);
        if (!res.ok) throw new Error(`${name} health ${res.status}`);
      }
    }, timeoutMs);
  }

  async graphql<T = Record<string, unknown>>(query: string, variables: object = {}, token?: string): Promise<GraphQLResponse<T>> {
    const res = await fetch(this.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GraphQLResponse<T>;
  }
}

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

class Fatal extends Error {}

/** Retries `check` until it passes or the time is up; rethrows its last error. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (e instanceof Fatal || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
