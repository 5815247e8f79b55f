/**
 * The legal engine alone, per case: what the journey scheduler pays for asking it about one due
 * step (50 000 a day at a million cases; "what goes out today" must answer for all of them in
 * under 5 s, database included).
 *
 * Generates CASES cases (default 20 000) the same way every run: BE and NL, consumers and
 * businesses, 1–3 claims of €15–€8 000 due between Jan 2024 and Oct 2025 (some with interest and
 * damages clauses, a few without a due date), and a history on about half of them (the client's
 * first reminder, the agency's first reminder or formal notice, calls, SMS; a payment on one in
 * five). Each case is asked about first_reminder and then formal_notice at a fixed "now"
 * (BENCH_NOW, default 2025-11-04T08:00Z, inside the shipped rate tables), by letter:
 *   1. through `assessJson`, on the case JSON the cases service builds (validation, decision,
 *      statement, the JSON-safe answer with formatted amounts);
 *   2. through `assessStep`, the typed entry, on the same cases already validated (the
 *      scheduler's rows are trusted) — and checks on every case that `toJson` of its answer is
 *      byte for byte `assessJson`'s result.
 * Prints ms per case and cases per second for each, the best of ROUNDS rounds after a warm-up
 * of WARMUP cases.
 *
 *   npm run bench -- legal-engine            (CASES=20000 WARMUP=2000 ROUNDS=3 by default)
 *
 * Figures (2 cores shared with other work, load average 3–6; 20 000 cases, each of the two
 * steps; best of 5 rounds; 2026-12-01). "Before" is the tree at bbbd6bd, where the typed path
 * had to be `assess` + `statement` on the validated input; "after" is the engine as of this file:
 *   - before: assessJson 0.353 ms per case = 2 830 cases/s; assess + statement 0.258 ms =
 *     3 880 cases/s. 50 000 due steps: 17.7 s and 12.9 s in the engine alone.
 *   - after:  assessJson 0.066 ms per case = 15 200 cases/s (×5.4); assessStep 0.031 ms =
 *     32 100 cases/s (×11 against assessJson before). 50 000 due steps: 3.3 s and 1.6 s.
 *   (zz-engine's simple case, one claim and no history: assessJson 0.25–0.28 ms → 0.05–0.08 ms.)
 */
import os from 'node:os';
import { assessJson, assessStep, toJson, validateCaseJson, type Step } from '@amicus/legal';
import { formatAmount } from '@amicus/money';

const CASES = Number(process.env.CASES ?? 20_000);
const WARMUP = Number(process.env.WARMUP ?? 2_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const NOW = new Date(process.env.BENCH_NOW ?? '2025-11-04T08:00:00Z').toISOString();
const STEPS: Step[] = ['first_reminder', 'formal_notice'];

/** A small deterministic generator (mulberry32): the same cases every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const FIRST_DUE = Date.parse('2024-01-05T00:00:00Z');
const LAST_DUE = Date.parse('2025-10-20T00:00:00Z');
const ZONES = { BE: 'Europe/Brussels', NL: 'Europe/Amsterdam' } as const;

/** Case i as the cases service gives it to the engine (`caseJsonOf`'s shape), without now/step. */
export function caseJson(i: number): Record<string, unknown> {
  const r = random(i + 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const country = i % 4 < 2 ? 'BE' : 'NL';
  const kind = i % 2 ? 'consumer' : 'business';
  const claims = Array.from({ length: 1 + Math.floor(r() * r() * 3) }, (_, k) => {
    const due = FIRST_DUE + Math.floor(r() * ((LAST_DUE - FIRST_DUE) / DAY_MS)) * DAY_MS;
    const withDueDate = r() < 0.9;
    return {
      id: `c${i}-${k}`,
      number: `INV-${i}-${k}`,
      issueDate: day(due - 30 * DAY_MS),
      ...(withDueDate ? { dueDate: day(due) } : {}),
      principal: formatAmount({ amountMinor: BigInt(1500 + Math.floor(r() * r() * 800_000)), currency: 'EUR' }),
      terms: { ...(r() < 0.7 ? { interestClause: {} } : {}), ...(r() < 0.7 ? { damagesClause: { reciprocal: true } } : {}) },
    };
  });
  const lastDue = Math.max(...claims.map((c) => Date.parse(c.dueDate ?? c.issueDate) + (c.dueDate ? 0 : 30 * DAY_MS)));
  const after = (days: number, hour: number) => new Date(lastDue + days * DAY_MS + hour * 3_600_000).toISOString();
  const communications: Record<string, unknown>[] = [];
  if (r() < 0.5) {
    const sent = 5 + Math.floor(r() * 20);
    communications.push(
      r() < 0.5
        ? {
            kind: 'first_reminder',
            channel: 'letter',
            sentAt: `${day(lastDue + sent * DAY_MS)}T09:00:00Z`,
            sender: 'creditor',
            complete: true,
          }
        : { kind: 'first_reminder', channel: pick(['letter', 'email']), sentAt: after(sent, 9), sender: 'agency', complete: true },
    );
    if (r() < 0.4)
      communications.push({ kind: 'formal_notice', channel: 'letter', sentAt: after(sent + 20, 10), sender: 'agency', complete: true });
    for (let c = Math.floor(r() * 3); c > 0; c--)
      communications.push({
        kind: 'contact',
        channel: pick(['phone', 'sms']),
        sentAt: after(sent + 3 + c * 4, 8 + c),
        sender: 'agency',
        complete: true,
      });
  }
  const payments =
    r() < 0.2
      ? [
          {
            receivedOn: day(lastDue + (10 + Math.floor(r() * 30)) * DAY_MS),
            amount: formatAmount({ amountMinor: 1000n + BigInt(Math.floor(r() * 20_000)), currency: 'EUR' }),
          },
        ]
      : [];
  return {
    debtor: { kind, country, timeZone: ZONES[country] },
    creditor: { smallEnterprise: r() < 0.3 },
    collector: { kind: 'agency', registrationNumber: '0123.456.789' },
    currency: 'EUR',
    claims,
    communications,
    payments,
    disputes: [],
  };
}

const ms = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e6;
const n = (x: number) => Math.round(x).toLocaleString('en');

function main() {
  console.log(`${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}; ${n(CASES)} cases, now ${NOW}`);
  const cases = Array.from({ length: CASES }, (_, i) => caseJson(i));
  const requests = STEPS.map((step) => cases.map((c) => ({ ...c, now: NOW, step, channel: 'letter' })));
  // The typed entry's input: the same requests, validated once beforehand (the scheduler's rows are trusted).
  const typed = requests.map((rs) =>
    rs.map((json) => {
      const v = validateCaseJson(json);
      if (!v.ok) throw new Error(`case ${JSON.stringify(json)}: ${JSON.stringify(v.problems)}`);
      return v.value;
    }),
  );
  let allowed = 0;
  for (let i = 0; i < Math.min(WARMUP, CASES); i++)
    for (let s = 0; s < STEPS.length; s++) {
      assessJson(requests[s][i]);
      const q = typed[s][i];
      assessStep(q.case, { now: q.now, step: STEPS[s], channel: q.channel });
    }

  // Timed: nothing kept (as in a scheduler pass), so the collector's work is the engine's own;
  // the best of ROUNDS rounds, the machine being shared.
  const timings: { entry: string; step: Step; ms: number }[] = [];
  const best = (run: () => void): number => {
    let fastest = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      global.gc?.();
      const t = process.hrtime.bigint();
      run();
      fastest = Math.min(fastest, ms(t));
    }
    return fastest;
  };
  STEPS.forEach((step, s) => {
    const run = () => {
      for (const json of requests[s]) if (!assessJson(json).ok) throw new Error(`case ${JSON.stringify(json)} refused`);
    };
    timings.push({ entry: 'assessJson', step, ms: best(run) });
  });
  STEPS.forEach((step, s) => {
    const run = () => {
      for (const q of typed[s]) assessStep(q.case, { now: q.now, step, channel: q.channel });
    };
    timings.push({ entry: 'assessStep', step, ms: best(run) });
  });
  // Untimed: the two entries agree on every case.
  STEPS.forEach((step, s) =>
    typed[s].forEach((q, i) => {
      const viaJson = assessJson(requests[s][i]);
      const typedAnswer = assessStep(q.case, { now: q.now, step, channel: q.channel });
      if (typedAnswer.decision.allowed) allowed++;
      const answer = toJson(typedAnswer);
      if (!viaJson.ok || JSON.stringify(answer) !== JSON.stringify(viaJson.result))
        throw new Error(`case ${i}, ${step}: assessStep and assessJson disagree`);
    }),
  );

  for (const entry of ['assessJson', 'assessStep']) {
    const mine = timings.filter((x) => x.entry === entry);
    const total = mine.reduce((t, x) => t + x.ms, 0);
    const perCase = total / (CASES * STEPS.length);
    console.log(
      `${entry.padEnd(10)} ${perCase.toFixed(4)} ms per case = ${n(1000 / perCase)} cases/s (${mine
        .map((x) => `${x.step} ${(x.ms / CASES).toFixed(4)} ms`)
        .join(', ')}); 50 000 due steps: ${((perCase * 50_000) / 1000).toFixed(2)} s`,
    );
  }
  console.log(`${n(allowed)} of ${n(CASES * STEPS.length)} steps allowed; assessStep agreed with assessJson on every one`);
  console.log(`load average ${os.loadavg()[0].toFixed(1)} at the end`);
}

if (require.main === module) main();
