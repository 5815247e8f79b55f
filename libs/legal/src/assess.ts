/**
 * `assess`: may this step be taken now? Every check names its rule and source; a refusal says
 * the earliest instant it becomes allowed when that depends only on time.
 */
import { describeDate } from '@amicus/calendar';
import { caseContext, caseTimeZone, isDisputed, type CaseContext } from './core/case-context';
import { allow, refuse, startOfDay } from './core/decision';
import { rateOn } from './rates';
import { buildStatement, type Statement } from './core/statement';
import { disputedClaimIds, undisputedPart } from './core/disputes';
import { moneyText } from './core/money-text';
import { localDate } from '@amicus/calendar';
import type { InterestRight, RulePack, StepContext } from './jurisdictions/jurisdiction';
import { jurisdictionOf } from './jurisdictions/registry';
import { DOMAIN, escalationDisputeCheck } from './jurisdictions/step-checks';
import { resolveOptions, type LegalOptions, type LegalOptionsInput } from './options';
import type { Assessment, CalendarDate, CaseInput, Channel, Claim, Country, DebtorKind, Decision, Instant, Step } from './types';
import { STEPS } from './types';

export interface AssessAt {
  now: Instant;
  /** The debtor's IANA zone; defaults to the case's, then the jurisdiction's. */
  timeZone?: string;
  step: Step;
  /** The channel the step would use; defaults to the step's own (documents: letter). */
  channel?: Channel;
}

const DEFAULT_CHANNEL: Record<Step, Channel> = {
  first_reminder: 'letter',
  reminder: 'letter',
  formal_notice: 'letter',
  final_notice: 'letter',
  phone_call: 'phone',
  sms: 'sms',
  email: 'email',
  charge_damages: 'letter',
  charge_interest: 'letter',
  hand_to_legal: 'letter',
};

function chargeChecks(
  ctx: CaseContext,
  pack: RulePack,
  step: 'charge_damages' | 'charge_interest',
  today: CalendarDate,
  active: Claim[],
  st: Statement,
): Decision[] {
  if (active.length === 0) return [refuse('CASE-OPEN', DOMAIN, 'no open undisputed claim to charge on')];
  const perClaim = active.map((claim) => ({
    claim,
    right: step === 'charge_damages' ? pack.damagesRight(ctx, claim) : pack.interestRight(ctx, claim),
  }));
  const nowAllowed = perClaim.filter((x) => x.right.allowed && x.right.from && x.right.from <= today);
  const checks: Decision[] = perClaim.map(({ claim, right }) => {
    const when = right.allowed && right.from && right.from > today ? startOfDay(right.from, ctx.timeZone) : undefined;
    const ok = right.allowed && !!right.from && right.from <= today;
    return {
      allowed: ok,
      rule: right.rule,
      source: right.source,
      reason: `${claim.number ?? claim.id}: ${right.reason}${when ? ` — not before ${describeDate(right.from!)}` : ''}`,
      claimIds: [claim.id],
      ...(when ? { earliestAt: when } : {}),
    };
  });
  if (nowAllowed.length === 0) {
    const future = checks.filter((c) => c.earliestAt).sort((a, b) => Date.parse(a.earliestAt!) - Date.parse(b.earliestAt!));
    // The earliest claim decides when charging becomes possible at all.
    return [future[0] ?? checks.find((c) => !c.allowed)!, ...checks];
  }
  const summary =
    step === 'charge_damages'
      ? allow(
          nowAllowed[0].right.rule,
          nowAllowed[0].right.source,
          `damages allowed on ${nowAllowed.length} claim(s); total allowed to date ${moneyText(st.charged.damages)}`,
          { claimIds: nowAllowed.map((x) => x.claim.id), maxCharge: st.charged.damages },
        )
      : allow(
          nowAllowed[0].right.rule,
          nowAllowed[0].right.source,
          `interest allowed on ${nowAllowed.length} claim(s); ${moneyText(st.charged.interest)} to date`,
          { claimIds: nowAllowed.map((x) => x.claim.id), maxCharge: st.charged.interest },
        );
  const rateChecks: Decision[] = [];
  if (step === 'charge_interest') {
    for (const { claim, right } of nowAllowed) {
      const spec = (right as InterestRight).rate;
      if (spec && spec.kind !== 'contract' && !rateOn(spec.table, today)) {
        rateChecks.push(
          refuse(
            'RATES',
            spec.table.legalBasis,
            `${claim.number ?? claim.id}: no known ${spec.table.name} for ${today}; the table's next period must be added (amicus rates add --table ${spec.table.id}; shipped values: libs/legal/src/rates/${spec.table.id}.ts) before interest can be charged`,
            undefined,
            { claimIds: [claim.id] },
          ),
        );
      }
    }
  }
  if (rateChecks.length === nowAllowed.length && rateChecks.length > 0) return [...rateChecks, ...checks];
  return [summary, ...checks.filter((c) => c.allowed), ...rateChecks];
}

function scopeWarnings(ctx: CaseContext): string[] {
  if (ctx.country !== 'BE' || ctx.kind !== 'consumer') return [];
  // CEL Book XIX applies to payment delays arising from 1 Sep 2023 (older contracts: from 1 Dec 2023).
  return ctx.claims
    .filter((c) => (c.dueDate ?? c.issueDate) < '2023-09-01')
    .map(
      (c) => `${c.number ?? c.id}: due before 1 Sep 2023, may fall outside CEL Book XIX (prior Law of 20 Dec 2002 regime); check manually`,
    );
}

/**
 * A case made ready once for every question asked of it: its context (options resolved, zone
 * fixed, claims and communications ordered) and rule pack, and its statement per day, built once
 * however many steps or candidate instants are asked about on that day.
 */
interface PreparedCase {
  ctx: CaseContext;
  pack: RulePack;
  statementOn(day: CalendarDate): Statement;
}

function prepare(input: CaseInput, options: LegalOptions, timeZone?: string): PreparedCase {
  const ctx = caseContext(input, options, timeZone);
  const pack = jurisdictionOf(ctx.country).pack(ctx.kind);
  const statements = new Map<CalendarDate, Statement>();
  return {
    ctx,
    pack,
    statementOn(day) {
      let st = statements.get(day);
      if (!st) statements.set(day, (st = buildStatement(ctx, pack, day)));
      return st;
    },
  };
}

function assessOnce(p: PreparedCase, at: AssessAt): Assessment {
  const { ctx, pack } = p;
  const today = localDate(at.now, ctx.timeZone);
  const st = p.statementOn(today);
  const outstanding = new Map(st.claims.map((c) => [c.claimId, c.principal.amountMinor]));
  const active = ctx.claims.filter((c) => (outstanding.get(c.id) ?? 0n) > 0n && !isDisputed(ctx, c.id));
  const channel = at.channel ?? DEFAULT_CHANNEL[at.step];
  const s: StepContext = { ctx, step: at.step, now: at.now, today, channel, active };
  const checks =
    at.step === 'charge_damages' || at.step === 'charge_interest'
      ? chargeChecks(ctx, pack, at.step, today, active, st)
      : pack.stepChecks(s);
  // Every jurisdiction alike: no escalation while a dispute is open (after the channel check).
  if (at.step === 'hand_to_legal') checks.splice(1, 0, escalationDisputeCheck(s));
  const blocking = checks.find((c) => !c.allowed);
  const head = blocking ?? checks[0] ?? allow('CASE-OPEN', DOMAIN, 'no rule applies');
  const maxCharge = checks.find((c) => c.maxCharge)?.maxCharge;
  return {
    ...head,
    allowed: !blocking,
    ...(maxCharge ? { maxCharge } : {}),
    step: at.step,
    checks,
    ...(at.step === 'hand_to_legal' ? { needsHumanDecision: true } : {}),
    warnings: [...scopeWarnings(ctx), ...st.problems],
  };
}

/** `assess` on a prepared case (whose zone is `at.timeZone`'s, or the case's). */
function assessPrepared(p: PreparedCase, at: AssessAt): Assessment {
  const first = assessOnce(p, at);
  if (first.allowed) return first;
  let candidate = latestEarliest(first);
  for (let i = 0; candidate && i < 12; i++) {
    const later = assessOnce(p, { ...at, now: candidate });
    if (later.allowed) return { ...first, earliestAt: candidate };
    const next = latestEarliest(later);
    if (!next || Date.parse(next) <= Date.parse(candidate)) break;
    candidate = next;
  }
  const { earliestAt: _unknown, ...rest } = first;
  return rest;
}

/**
 * May `at.step` be taken at `at.now`? When refused only for reasons of time, `earliestAt` is the
 * first instant at which every check passes (found by re-asking at each candidate instant).
 */
export function assess(input: CaseInput, at: AssessAt, options: LegalOptionsInput = {}): Assessment {
  return assessPrepared(prepare(input, resolveOptions(options), at.timeZone), at);
}

/** When every refusal is only a matter of time, the latest of their times; else undefined. */
function latestEarliest(a: Assessment): Instant | undefined {
  const refused = a.checks.filter((c) => !c.allowed);
  if (refused.length === 0 || refused.some((c) => !c.earliestAt)) return undefined;
  return refused.map((c) => c.earliestAt!).sort((x, y) => Date.parse(y) - Date.parse(x))[0];
}

/** Every step at once (for dashboards and the CLI). */
export function assessAll(input: CaseInput, at: Omit<AssessAt, 'step' | 'channel'>, options: LegalOptionsInput = {}): Assessment[] {
  const p = prepare(input, resolveOptions(options), at.timeZone);
  return STEPS.map((step) => assessPrepared(p, { ...at, step }));
}

export function statement(input: CaseInput, asOf: CalendarDate, options: LegalOptionsInput = {}): Statement {
  const ctx = caseContext(input, resolveOptions(options));
  return buildStatement(ctx, jurisdictionOf(ctx.country).pack(ctx.kind), asOf);
}

/**
 * The statement of what collection may demand on `asOf`: the case's own statement when no open
 * dispute concerns a claim, else the statement of its undisputed claims (core/disputes.ts) —
 * the amounts a letter asks for. With every claim disputed, nothing may be demanded.
 */
export function demandStatement(input: CaseInput, asOf: CalendarDate, options: LegalOptionsInput = {}, full?: Statement): Statement {
  const disputed = disputedClaimIds(input);
  const whole = full ?? statement(input, asOf, options);
  if (disputed.size === 0) return whole;
  return statement(undisputedPart(input, whole, disputed), asOf, options);
}

/** What `assessStep` answers: the engine's answer to one step and the case's statement, typed. */
export interface StepAnswer {
  now: Instant;
  /** The zone the case's days were counted in: `at.timeZone`, else the debtor's, else the jurisdiction's. */
  timeZone: string;
  jurisdiction: `${Country}-${DebtorKind}`;
  decision: Assessment;
  statement: Statement;
}

/**
 * The journey scheduler's question, typed: may `at.step` be taken at `at.now`, and the case's
 * statement on `at.asOf` (default: `at.now`'s day in the case's zone). It answers exactly what
 * `assessJson` answers for a request with a `step` (`assessJson`'s result is `toJson` of this;
 * properties.spec.ts checks it on generated cases), but takes a `CaseInput` that is already
 * valid (`validateCaseJson`'s `value.case`, or built from trusted rows) with `now` as
 * `Date#toISOString()` writes it, and skips the JSON round trip: nothing validated, no amount
 * formatted, the case context built once, the day's statement built once for both.
 */
export function assessStep(input: CaseInput, at: AssessAt & { asOf?: CalendarDate }, options: LegalOptionsInput = {}): StepAnswer {
  return answerCase(input, at, options) as StepAnswer;
}

/**
 * `assessJson`'s answer on a valid case, typed: one step's `decision`, or, without a step, every
 * step's `decisions`; then the statement on `asOf`.
 */
export function answerCase(
  input: CaseInput,
  at: Omit<AssessAt, 'step'> & { step?: Step; asOf?: CalendarDate },
  options: LegalOptionsInput,
): Omit<StepAnswer, 'decision'> & ({ decision: Assessment } | { decisions: Assessment[] }) {
  const opts = resolveOptions(options);
  const p = prepare(input, opts, at.timeZone);
  const timeZone = p.ctx.timeZone;
  const step = at.step;
  const decisions = step
    ? { decision: assessPrepared(p, { now: at.now, timeZone, step, channel: at.channel }) }
    : { decisions: STEPS.map((s) => assessPrepared(p, { now: at.now, timeZone, step: s })) };
  const asOf = at.asOf ?? localDate(at.now, timeZone);
  // The statement is counted in the case's own zone (as `statement` counts it): the prepared
  // case serves unless `at.timeZone` moved it to another.
  const own = caseTimeZone(input) === timeZone ? p : prepare(input, opts);
  return {
    now: at.now,
    timeZone,
    jurisdiction: `${input.debtor.country}-${input.debtor.kind}`,
    ...decisions,
    statement: own.statementOn(asOf),
  };
}
