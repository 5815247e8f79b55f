/**
 * The GraphQL path (issue 19 §1): the same operations through the gateway and straight to the
 * cases subgraph (with a valid gateway assertion), one at a time and 16 at once, in one run.
 *
 * Starts the whole system from dist/ (as the e2e tests do: build first), on ports from 20600 and
 * the database bench_gateway, gives an agent a worklist of 50 open cases (each with its
 * debtor and brand), then times, per path and concurrency:
 *
 * - worklist:  `myWorklist(first: 50)` with each entry's case, its debtor and its brand;
 * - case view: one case with its debtor, brand, claims, notes and history;
 * - one-hop list: `cases(page: {first: 50})` with each case's debtor;
 * - and the gateway alone: `{ __typename }` (the user's JWT checked, no subgraph).
 *
 * Prints req/s, p50/p95/p99 and the gateway/direct ratios.
 *
 *   npm run bench -- gateway      SECONDS=4 per row after a 1 s warm-up; PROFILE=1 writes the processes' CPU profiles
 *                                 (--cpu-prof) to .data/bench-gateway-profiles; SMOKE=1 only checks each answer once
 */
import http from 'node:http';
import path from 'node:path';
import { Client } from 'pg';
import { DEV_SECRETS, GATEWAY_ASSERTION_HEADER, hashPassword, signGatewayAssertion, type Identity } from '@amicus/auth';
import { BenchSystem, ROOT } from './support/system';

const BASE_PORT = 20600;
const SECONDS = Number(process.env.SECONDS_PER_ROW ?? process.env.SECONDS ?? 4);
const ENTRIES = 50;
const CONCURRENCY = [1, 16];
/** SMOKE=1: each operation answered once per path, nothing timed (a check that the bench runs). */
const SMOKE = !!process.env.SMOKE;
const PROFILE_DIR = path.join(ROOT, '.data', 'bench-gateway-profiles');

const system = new BenchSystem(
  'bench_gateway',
  BASE_PORT,
  { LOG_LEVEL: 'warn' },
  process.env.PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [],
);

const agentId = crypto.randomUUID();
const clientId = crypto.randomUUID();
const brandId = crypto.randomUUID();
const AGENT = { email: 'bench.agent@amicus.local', password: 'bench-agent-password' };
const agent: Identity = { subject: agentId, role: 'agent', clientId: null, brandIds: [brandId], email: AGENT.email };

const OPERATIONS = {
  worklist: `{ myWorklist(first: ${ENTRIES}) { due score debtorName brand { id name } case { id phase balance { openMinor } debtor { id name language } brand { id name phone } } } }`,
  'case view': `query($id: ID!) { case(id: $id) { id phase balance { openMinor currency } debtor { id name emails phones } brand { id name } claims { id invoiceNumber principalMinor } notes { id body } history { seq action } } }`,
  'one-hop list': `{ cases(page: { first: ${ENTRIES} }) { nodes { id phase debtor { id name } } } }`,
  typename: `{ __typename }`,
};
type Operation = keyof typeof OPERATIONS;
/** ONLY=worklist (or another operation) times that one alone (e.g. for a profile). */
const OPS = (['worklist', 'case view', 'one-hop list'] as const).filter((op) => !process.env.ONLY || op === process.env.ONLY);

async function seed(): Promise<string[]> {
  const db = new Client({ connectionString: system.databaseUrl });
  await db.connect();
  try {
    await db.query(`INSERT INTO cases.clients (id, name, country) VALUES ($1, 'Bench client', 'BE')`, [clientId]);
    await db.query(
      `INSERT INTO cases.brands (id, client_id, name, languages, phone) VALUES ($1, $2, 'Bench brand', '{nl,fr}', '+3225551234')`,
      [brandId, clientId],
    );
    await db.query(`INSERT INTO cases.users (id, email, password_hash, role, brand_ids) VALUES ($1, $2, $3, 'agent', $4)`, [
      agentId,
      AGENT.email,
      await hashPassword(AGENT.password),
      [brandId],
    ]);
    const ids: string[] = [];
    for (let g = 0; g < ENTRIES; g++) {
      const debtor = crypto.randomUUID();
      const id = crypto.randomUUID();
      ids.push(id);
      await db.query(
        `INSERT INTO cases.debtors (id, client_id, kind, name, language, country, time_zone) VALUES ($1, $2, 'consumer', $3, 'nl', 'BE', 'Europe/Brussels')`,
        [debtor, clientId, `Debtor ${g}`],
      );
      await db.query(
        `INSERT INTO cases.cases (id, client_id, brand_id, debtor_id, phase, currency, principal_minor, oldest_due_date, priority_score, next_action_at, assigned_agent_id, opened_at)
         VALUES ($1, $2, $3, $4, 'amicable', 'EUR', $5, date '2024-01-01' + $6::int, cases.stored_priority_score($5, 2, date '2024-01-01' + $6::int, 0, NULL),
                 CASE WHEN $6::int % 3 = 0 THEN now() - interval '1 hour' END, $7, now() - interval '1 minute' * $6::int)`,
        [id, clientId, brandId, debtor, 10_000 + g * 137, g, agentId],
      );
    }
    await db.query(`ANALYZE cases.cases`);
    return ids;
  } finally {
    await db.end();
  }
}

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 64 });

function post(port: number, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        agent: keepAlive,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface Target {
  name: 'gateway' | 'direct';
  port: number;
  headers: () => Record<string, string>;
}

interface Row {
  op: Operation;
  target: Target['name'];
  concurrency: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

/** Requests as fast as `concurrency` callers can send them, for SECONDS after a 1 s warm-up. */
async function measure(op: Operation, target: Target, concurrency: number, variables: object): Promise<Row> {
  const body = JSON.stringify({ query: OPERATIONS[op], variables });
  const failed = (r: { status: number; text: string }) => r.status !== 200 || r.text.includes('"errors"');
  // The first answer must be right (a wrong query would time nothing); later failures are counted.
  for (let attempt = 1; ; attempt++) {
    const r = await post(target.port, body, target.headers());
    if (!failed(r)) break;
    if (attempt === 3) throw new Error(`${op} via ${target.name}: ${r.status} ${r.text.slice(0, 400)}`);
  }
  if (SMOKE) return { op, target: target.name, concurrency, rps: NaN, p50: NaN, p95: NaN, p99: NaN, errors: 0 };
  const times: number[] = [];
  let errors = 0;
  let firstError = '';
  let measuring = false;
  let stop = false;
  const worker = async () => {
    while (!stop) {
      const started = process.hrtime.bigint();
      const r = await post(target.port, body, target.headers());
      if (failed(r)) {
        errors++;
        firstError ||= r.text.slice(0, 300);
      } else if (measuring) times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  await new Promise((r) => setTimeout(r, 1000));
  measuring = true;
  const t0 = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  measuring = false;
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  stop = true;
  await Promise.all(workers);
  if (firstError) console.log(`  ${errors} failed, the first: ${firstError}`);
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(times.length * p))] ?? NaN;
  return { op, target: target.name, concurrency, rps: times.length / elapsed, p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), errors };
}

async function main(): Promise<void> {
  try {
    await system.start();
    const caseIds = await seed();
    const login = await post(
      system.portOf('gateway'),
      JSON.stringify({
        query: 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }',
        variables: { e: AGENT.email, p: AGENT.password },
      }),
      {},
    );
    const token = (JSON.parse(login.text) as { data?: { login?: { token?: string } } }).data?.login?.token;
    if (!token) throw new Error(`agent login failed: ${login.text}`);

    const gateway: Target = { name: 'gateway', port: system.portOf('gateway'), headers: () => ({ authorization: `Bearer ${token}` }) };
    // What the gateway sends the subgraph: its signed statement of the caller (short-lived: signed per request, as the gateway does).
    const direct: Target = {
      name: 'direct',
      port: system.portOf('cases'),
      headers: () => ({ [GATEWAY_ASSERTION_HEADER]: signGatewayAssertion(agent, DEV_SECRETS.gatewayPrivateKey, 'cases') }),
    };

    const rows: Row[] = [];
    const print = (r: Row) =>
      console.log(
        `${r.op.padEnd(13)} ${r.target.padEnd(8)} c=${String(r.concurrency).padEnd(3)} ${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p95 ${r.p95.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms${r.errors ? `   ${r.errors} failed` : ''}`,
      );
    console.log(`${ENTRIES}-entry worklist; ${SECONDS} s per row after a 1 s warm-up\n`);
    for (const op of OPS) {
      for (const concurrency of CONCURRENCY) {
        for (const target of [direct, gateway]) {
          const row = await measure(op, target, concurrency, op === 'case view' ? { id: caseIds[7] } : {});
          rows.push(row);
          print(row);
        }
      }
    }
    for (const concurrency of process.env.ONLY ? [] : CONCURRENCY) {
      const row = await measure('typename', gateway, concurrency, {});
      rows.push(row);
      print(row);
    }

    console.log('\ngateway / direct (same operation, same concurrency):');
    for (const op of OPS) {
      for (const concurrency of CONCURRENCY) {
        const g = rows.find((r) => r.op === op && r.target === 'gateway' && r.concurrency === concurrency)!;
        const d = rows.find((r) => r.op === op && r.target === 'direct' && r.concurrency === concurrency)!;
        console.log(
          `${op.padEnd(13)} c=${String(concurrency).padEnd(3)} throughput ${(g.rps / d.rps).toFixed(2)}×   p50 ${(g.p50 / d.p50).toFixed(2)}×   p95 ${(g.p95 / d.p95).toFixed(2)}×`,
        );
      }
    }
  } finally {
    keepAlive.destroy();
    await system.stop();
    if (process.env.PROFILE) console.log(`CPU profiles in ${PROFILE_DIR}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
