/**
 * The Peppol BIS Billing 3.0 validation rules on this machine: OpenPeppol's release as XSLT
 * from Maven Central (phive-rules-peppol), compiled once to SEF files for saxon-js.
 *
 * `ensurePeppolRules()` makes them ready on first use and is cheap afterwards: the jar and the two
 * XSLTs by Maven (libs/peppol/rules/pom.xml) into `.data/peppol/<version>/`, then each XSLT
 * compiled by xslt3 to `<name>.xslt3-<its version>.sef.json` beside it. A lock directory keeps two processes (Jest
 * workers, a CLI run) from doing it at once; the others wait and use what the first made.
 * Only Node's own modules here: infra/ensure-deps.sh runs this file straight from its source.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The phive-rules-peppol version and the OpenPeppol release inside it. */
export const PHIVE_RULES_VERSION = '4.3.7';
export const PEPPOL_RULES_RELEASE = '2025.11';

/** EN 16931's rules for UBL (BR-…, UBL-CR-…), then Peppol's own (PEPPOL-EN16931-…, PEPPOL-COMMON-…). */
export const RULE_SETS = ['CEN-EN16931-UBL', 'PEPPOL-EN16931-UBL'] as const;
export type RuleSet = (typeof RULE_SETS)[number];

export interface PeppolRules {
  dir: string;
  /** The compiled stylesheet of each rule set. */
  sef: Record<RuleSet, string>;
}

type Log = (message: string) => void;

/** The folder with the workspace's nx.json, from the sources or from dist/. */
function workspaceRoot(from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'nx.json'))) return dir;
  }
  throw new Error(`peppol: no workspace root above ${from}`);
}

const ROOT = workspaceRoot(__dirname);

/** Where the rules are cached: AMICUS_PEPPOL_RULES_DIR, else `.data/peppol/<version>` in the workspace. */
export function peppolRulesDir(): string {
  return process.env.AMICUS_PEPPOL_RULES_DIR || path.join(ROOT, '.data', 'peppol', PHIVE_RULES_VERSION);
}

/** The SEF format follows xslt3/saxon-js: its version is in the file name, so an upgrade compiles anew. */
const XSLT3_VERSION = (JSON.parse(fs.readFileSync(require.resolve('xslt3/package.json'), 'utf8')) as { version: string }).version;

function rulesAt(dir: string): PeppolRules {
  const sef = {} as Record<RuleSet, string>;
  for (const name of RULE_SETS) sef[name] = path.join(dir, `${name}.xslt3-${XSLT3_VERSION}.sef.json`);
  return { dir, sef };
}

const xsltPath = (dir: string, name: RuleSet) =>
  path.join(dir, 'external', 'schematron', 'openpeppol', PEPPOL_RULES_RELEASE, 'xslt', `${name}.xslt`);

const ready = (rules: PeppolRules) => RULE_SETS.every((n) => fs.existsSync(rules.sef[n]));

let pending: Promise<PeppolRules> | undefined;

/**
 * The compiled rules, made first if missing (Maven and xslt3; ~20 s on this machine's 2 cores,
 * more while Maven fetches its plugin on a new machine). Concurrent callers in one process share
 * one run; other processes wait on the lock.
 */
export function ensurePeppolRules(options: { log?: Log } = {}): Promise<PeppolRules> {
  const rules = rulesAt(peppolRulesDir());
  if (ready(rules)) return Promise.resolve(rules);
  pending ??= prepare(rules, options.log ?? ((m) => process.stderr.write(m + '\n'))).finally(() => {
    pending = undefined;
  });
  return pending;
}

async function prepare(rules: PeppolRules, log: Log): Promise<PeppolRules> {
  fs.mkdirSync(path.dirname(rules.dir), { recursive: true });
  const lock = `${rules.dir}.lock`;
  // Another process may have made them while this one waited: then there is nothing to do.
  if (!(await acquire(lock, () => ready(rules)))) return rules;
  try {
    if (ready(rules)) return rules;
    const t0 = Date.now();
    if (!RULE_SETS.every((n) => fs.existsSync(xsltPath(rules.dir, n)))) {
      log(`peppol: resolving com.helger.phive.rules:phive-rules-peppol:${PHIVE_RULES_VERSION} from Maven Central (first run only)…`);
      await run('mvn', [
        '-q',
        '-B',
        '-f',
        path.join(ROOT, 'libs', 'peppol', 'rules', 'pom.xml'),
        `-Drules.dir=${rules.dir}`,
        'dependency:copy-dependencies@jar',
        'dependency:unpack-dependencies@xslt',
      ]);
      for (const n of RULE_SETS) {
        if (!fs.existsSync(xsltPath(rules.dir, n))) throw new Error(`peppol: ${xsltPath(rules.dir, n)} is not in the jar`);
      }
    }
    const t1 = Date.now();
    log(`peppol: compiling the ${PEPPOL_RULES_RELEASE} rules to SEF with xslt3 (first run only)…`);
    const xslt3 = require.resolve('xslt3/xslt3.js');
    // Both at once: one core each. Written under a temporary name, renamed when complete.
    await Promise.all(
      RULE_SETS.map(async (n) => {
        const tmp = `${rules.sef[n]}.${process.pid}.tmp`;
        await run(process.execPath, [xslt3, `-xsl:${xsltPath(rules.dir, n)}`, `-export:${tmp}`, '-nogo']);
        fs.renameSync(tmp, rules.sef[n]);
      }),
    );
    const s = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
    log(`peppol: rules ready in ${s(t0, Date.now())} (Maven ${s(t0, t1)}, compiling ${s(t1, Date.now())}) in ${rules.dir}`);
    return rules;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * A lock directory (mkdir is atomic) with the owner's pid; a dead owner's lock is taken over.
 * True when this process holds it; false when `done()` came true while waiting.
 */
async function acquire(lock: string, done: () => boolean, timeoutMs = 10 * 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (done()) return false;
    if (stale(lock)) {
      fs.rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline)
      throw new Error(`peppol: ${lock} held for over ${timeoutMs / 1000} s; remove it if no process is preparing the rules`);
    await sleep(250);
  }
}

function stale(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
  } catch {
    // Just made, pid not yet written: give its owner a moment, unless it is old.
    try {
      return Date.now() - fs.statSync(lock).mtimeMs > 30_000;
    } catch {
      return false;
    }
  }
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (e) => reject(new Error(`peppol: ${command} could not start: ${e.message}`)));
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`peppol: ${path.basename(command)} ${args.slice(-2).join(' ')} failed (${code}):\n${output.slice(-4000)}`)),
    );
  });
}

/** `node -r @swc-node/register libs/peppol/src/rules.ts`: prepare the rules now (infra/ensure-deps.sh). */
if (require.main === module) {
  ensurePeppolRules().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
