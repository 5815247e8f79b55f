import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * The whole system as processes on this machine: the four subgraphs and the gateway, run from
 * the compiled workspace, each with its log in .data/logs and its pid in .data/run.
 */
export const ROOT = workspaceRoot(__dirname);

/** The folder with the workspace's package.json, from the sources or from dist/. */
function workspaceRoot(from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'nx.json'))) return dir;
  }
  throw new Error(`no workspace root above ${from}`);
}
export const DATA = path.join(ROOT, '.data');
const LOGS = path.join(DATA, 'logs');
const RUN = path.join(DATA, 'run');

export const PROCESSES = [
  { name: 'cases', entry: 'dist/services/cases/src/main.js', port: 4001 },
  { name: 'communications', entry: 'dist/services/communications/src/main.js', port: 4002 },
  { name: 'billing', entry: 'dist/services/billing/src/main.js', port: 4003 },
  { name: 'reporting', entry: 'dist/services/reporting/src/main.js', port: 4004 },
  { name: 'gateway', entry: 'dist/gateway/src/main.js', port: 4000 },
] as const;

const infraKafka = (): { start(o: object): Promise<{ started: boolean }>; stop(o?: object): Promise<boolean> } =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(ROOT, 'infra', 'kafka.js'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const infraDatabase = (): { ensureDatabase(url?: string): Promise<boolean> } => require(path.join(ROOT, 'infra', 'database.js'));

/** GATEWAY_PORT, CASES_PORT, … override the default ports. */
function portOf(name: string, env: NodeJS.ProcessEnv): number {
  const p = PROCESSES.find((x) => x.name === name)!;
  return Number(env[`${name.toUpperCase()}_PORT`] ?? p.port);
}

export function gatewayUrl(env: NodeJS.ProcessEnv = process.env): string {
  return `http://127.0.0.1:${portOf('gateway', env)}/graphql`;
}

function pidFile(name: string) {
  return path.join(RUN, `${name}.pid`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function runningPid(name: string): number | null {
  try {
    const pid = Number(fs.readFileSync(pidFile(name), 'utf8'));
    return pid && alive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/** Starts the database, the broker and every process not already running (or only those named), in the background. */
export async function up(
  log: (m: string) => void,
  env: NodeJS.ProcessEnv = process.env,
  only: readonly string[] = PROCESSES.map((p) => p.name),
): Promise<void> {
  fs.mkdirSync(LOGS, { recursive: true });
  fs.mkdirSync(RUN, { recursive: true });
  if (await infraDatabase().ensureDatabase(env.DATABASE_URL)) log('database: created');
  const kafka = await infraKafka().start({ log });
  log(kafka.started ? 'kafka: started' : 'kafka: already running');
  for (const p of PROCESSES.filter((x) => only.includes(x.name))) {
    if (runningPid(p.name)) {
      log(`${p.name}: already running`);
      continue;
    }
    const port = portOf(p.name, env);
    if (await portAnswers(port)) {
      throw new Error(
        `port ${port} for ${p.name} is taken by another program (another Amicus? stop it, or set ${p.name.toUpperCase()}_PORT)`,
      );
    }
    const out = fs.openSync(path.join(LOGS, `${p.name}.log`), 'a');
    // Each process on its port; the gateway told where the subgraphs listen.
    const subgraphUrls = Object.fromEntries(
      PROCESSES.filter((x) => x.name !== 'gateway').map((x) => [
        `${x.name.toUpperCase()}_URL`,
        env[`${x.name.toUpperCase()}_URL`] ?? `http://127.0.0.1:${portOf(x.name, env)}/graphql`,
      ]),
    );
    const portEnv = { ...subgraphUrls, PORT: String(port) };
    const child = spawn(process.execPath, ['--enable-source-maps', path.join(ROOT, p.entry)], {
      cwd: ROOT,
      env: { ...env, ...portEnv },
      detached: true,
      stdio: ['ignore', out, out],
    });
    child.unref();
    fs.writeFileSync(pidFile(p.name), String(child.pid));
    log(`${p.name}: started (pid ${child.pid}, log .data/logs/${p.name}.log)`);
  }
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Resolves when every subgraph is ready (database, Kafka, consumers) and the gateway serves the supergraph. */
export async function waitUntilReady(env: NodeJS.ProcessEnv = process.env, timeoutMs = 120000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set<string>(PROCESSES.map((p) => p.name));
  while (pending.size) {
    for (const p of PROCESSES) {
      if (!pending.has(p.name)) continue;
      if (!runningPid(p.name)) throw new Error(`${p.name} exited; see .data/logs/${p.name}.log`);
      const port = portOf(p.name, env);
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) pending.delete(p.name);
    }
    if (!pending.size) return;
    if (Date.now() > deadline) throw new Error(`not ready within ${timeoutMs / 1000} s: ${[...pending].join(', ')}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Stops every process (SIGTERM: each finishes its batch), then the broker this project started. */
export async function down(log: (m: string) => void, { kafka = true } = {}): Promise<void> {
  for (const p of [...PROCESSES].reverse()) await stopProcess(p.name, log);
  if (kafka && (await infraKafka().stop())) log('kafka: stopped');
}

/** Stops one process (SIGTERM, then SIGKILL after 15 s); false when it was not running. */
export async function stopProcess(name: string, log: (m: string) => void): Promise<boolean> {
  const pid = runningPid(name);
  fs.rmSync(pidFile(name), { force: true });
  if (!pid) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 15000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  log(`${name}: stopped`);
  return true;
}
