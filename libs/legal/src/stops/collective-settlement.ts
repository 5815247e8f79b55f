/**
 * Legal stops: a collective debt settlement (Belgium: collectieve schuldenregeling / règlement
 * collectif de dettes, Judicial Code art. 1675/2 ff.; the Netherlands: the statutory debt
 * rescheduling of natural persons, Wsnp, Faillissementswet art. 284 ff.). From the decision date
 * (Belgium: the admissibility decision; the Netherlands: the ruling applying the Wsnp) the engine
 * refuses every step and every charge, and the statement's interest stops at that date: what the
 * creditor still has is a claim to declare to the debt mediator (BE) or to file with the
 * administrator (NL), as of that date.
 *
 * The engine's other answers are untouched: these functions wrap `assess`, `assessStep` and
 * `statement` with the stops the case file knows (its debtor's flags).
 *
 * Verified in the text: the Dutch articles, in the Faillissementswet as kept in the public
 * laws-markdown repository (statengeneraal/laws-markdown, BWBR0001860). The Belgian articles are
 * legal-rules.md's outline and are marked UNVERIFIED in their source until checked in the
 * Judicial Code's text (ejustice.just.fgov.be).
 */
import { localDate } from '@amicus/calendar';
import { money } from '@amicus/money';
import { answerCase, assess, assessStep, statement, type AssessAt, type StepAnswer } from '../assess';
import { toJson, type AssessJsonResult } from '../json/assess-json';
import { validateCaseJson } from '../json/case-json';
import { caseTimeZone } from '../core/case-context';
import { allocate } from '../core/allocation';
import { moneyText } from '../core/money-text';
import type { Statement, StatementLine } from '../core/statement';
import { jurisdictionOf } from '../jurisdictions/registry';
import type { LegalOptionsInput } from '../options';
import type { Assessment, CalendarDate, CaseInput, Country, Decision } from '../types';

export interface CollectiveSettlement {
  /** The decision's date, a calendar date in the debtor's zone: the stop holds from its start. */
  decisionDate: CalendarDate;
  /** The settlement's country (its court's); absent: the debtor's. */
  country?: Country;
  /** The register's or the court's reference, quoted in the refusals. */
  reference?: string;
}

/** The stops a case is under, from its debtor's flags. */
export interface LegalStops {
  collectiveSettlement?: CollectiveSettlement | null;
  /**
   * No charge from a day, by a policy rather than a court (debt counselling, when the client's
   * policy stops costs): the charging steps are refused from `from` and the statement's interest
   * and damages stop there; other steps are the engine's to judge.
   */
  costsStop?: CostsStop | null;
}

export interface CostsStop {
  from: CalendarDate;
  rule: string;
  source: string;
  reason: string;
}

const CHARGES: readonly string[] = ['charge_damages', 'charge_interest'];

/** The day the statement freezes at: the earlier of the settlement's decision and the costs stop. */
function freezeOf(input: CaseInput, stops: LegalStops | null | undefined): { date: CalendarDate; rule: StopRule; what: string } | null {
  const s = stops?.collectiveSettlement;
  const c = stops?.costsStop;
  const rules = s ? SETTLEMENT_RULES[settlementCountry(input, s)] : null;
  const fromSettlement =
    s && rules ? { date: s.decisionDate, rule: rules.interest, what: `${rules.name}${s.reference ? ` (${s.reference})` : ''}` } : null;
  const fromCosts = c ? { date: c.from, rule: { rule: c.rule, source: c.source }, what: c.reason } : null;
  if (fromSettlement && fromCosts) return fromCosts.date < fromSettlement.date ? fromCosts : fromSettlement;
  return fromSettlement ?? fromCosts;
}

export interface StopRule {
  rule: string;
  source: string;
}

/** The rules of a collective debt settlement, per country: the stop, the interest, the declaration. */
export const SETTLEMENT_RULES: Record<Country, { stop: StopRule; interest: StopRule; declaration: StopRule; name: string }> = {
  BE: {
    name: 'collective debt settlement',
    stop: {
      rule: 'BE-S-1',
      source:
        'Judicial Code art. 1675/7 §1 (the admissibility decision creates a concurrence of creditors; every means of enforcement for the payment of money is suspended) — UNVERIFIED: legal-rules.md outline, not yet checked in the text',
    },
    interest: {
      rule: 'BE-S-2',
      source:
        'Judicial Code art. 1675/7 §1 (interest stops running from the admissibility decision) — UNVERIFIED: legal-rules.md outline, not yet checked in the text',
    },
    declaration: {
      rule: 'BE-S-3',
      source:
        'Judicial Code art. 1675/9 (the creditors declare their claims to the debt mediator) — UNVERIFIED: legal-rules.md outline, not yet checked in the text',
    },
  },
  NL: {
    name: 'statutory debt rescheduling (Wsnp)',
    stop: {
      rule: 'NL-S-1',
      source:
        'Faillissementswet art. 287 lid 1 (in force from the start of the day of the ruling), art. 299 lid 2 (claims only by filing for verification), art. 301 lid 2 (executions suspended)',
    },
    interest: {
      rule: 'NL-S-2',
      source: 'Faillissementswet art. 303 lid 1 (from the day of the ruling no statutory or contractual interest is owed)',
    },
    declaration: {
      rule: 'NL-S-3',
      source: 'Faillissementswet art. 299 lid 2 and art. 289 lid 3 (claims are filed with the administrator by the day set)',
    },
  },
};

const settlementCountry = (input: CaseInput, s: CollectiveSettlement): Country => s.country ?? input.debtor.country;

/**
 * The refusal a settlement makes on `today` (a day in the debtor's zone), or null when there is
 * none or its decision date has not come. Refused for good: no `earliestAt` (the stop ends only
 * when the settlement does, and then the case is assessed anew).
 */
export function settlementStop(input: CaseInput, stops: LegalStops | null | undefined, today: CalendarDate): Decision | null {
  const s = stops?.collectiveSettlement;
  if (!s || today < s.decisionDate) return null;
  const rules = SETTLEMENT_RULES[settlementCountry(input, s)];
  const ref = s.reference ? ` (${s.reference})` : '';
  return {
    allowed: false,
    rule: rules.stop.rule,
    source: rules.stop.source,
    reason:
      `the debtor is under a ${rules.name}${ref} since ${s.decisionDate}: no collection step and no charge from that date; ` +
      `the claim is declared as of that date (${rules.declaration.rule})`,
  };
}

/** `assess` under the case's stops: from the decision date every step is refused, citing the rule. */
export function assessUnderStops(
  input: CaseInput,
  stops: LegalStops | null | undefined,
  at: AssessAt,
  options: LegalOptionsInput = {},
): Assessment {
  return withStops(input, stops, at, assess(input, at, options));
}

/** `assessStep` under the case's stops: the decision as `assessUnderStops`, the statement as `statementUnderStops`. */
export function assessStepUnderStops(
  input: CaseInput,
  stops: LegalStops | null | undefined,
  at: AssessAt & { asOf?: CalendarDate },
  options: LegalOptionsInput = {},
): StepAnswer {
  const answer = assessStep(input, at, options);
  return {
    ...answer,
    decision: withStops(input, stops, at, answer.decision),
    statement: freezeOf(input, stops) ? statementUnderStops(input, stops, answer.statement.asOf, options) : answer.statement,
  };
}

function withStops(input: CaseInput, stops: LegalStops | null | undefined, at: AssessAt, base: Assessment): Assessment {
  const zone = caseTimeZone(input, at.timeZone);
  const today = localDate(at.now, zone);
  const c = stops?.costsStop;
  if (c && CHARGES.includes(at.step) && today >= c.from) {
    const refusal: Decision = { allowed: false, rule: c.rule, source: c.source, reason: `${c.reason}: no charge from ${c.from}` };
    const { earliestAt: _never, maxCharge: _none, ...rest } = base;
    return { ...rest, ...refusal, step: at.step, checks: [refusal, ...base.checks], warnings: base.warnings };
  }
  const s = stops?.collectiveSettlement;
  if (!s) return base;
  const stop = settlementStop(input, stops, today);
  if (stop) {
    const { earliestAt: _never, maxCharge: _none, ...rest } = base;
    return { ...rest, ...stop, step: at.step, checks: [stop, ...base.checks], warnings: base.warnings };
  }
  // Before the decision date: a step that would only become allowed on or after it never will.
  if (!base.allowed && base.earliestAt && localDate(base.earliestAt, zone) >= s.decisionDate) {
    const { earliestAt: _never, ...rest } = base;
    return {
      ...rest,
      warnings: [...base.warnings, `allowed only from ${base.earliestAt}, after the settlement's decision date ${s.decisionDate}`],
    };
  }
  return base;
}

/**
 * The statement under the case's stops: before the decision date the case's own; from it, the
 * statement frozen at the decision date — interest for the days before it, no damages whose right
 * begins on or after it — with the payments received since allocated to it (the mediator's or
 * administrator's distributions), costs → interest → principal as the jurisdiction allocates.
 */
export function statementUnderStops(
  input: CaseInput,
  stops: LegalStops | null | undefined,
  asOf: CalendarDate,
  options: LegalOptionsInput = {},
): Statement {
  const freeze = freezeOf(input, stops);
  if (!freeze || asOf < freeze.date) return statement(input, asOf, options);
  const d = freeze.date;
  const payments = input.payments ?? [];
  const before = statement({ ...input, payments: payments.filter((p) => p.receivedOn < d) }, d, options);
  const cur = before.currency;
  const m = (v: bigint) => money(v, cur);
  // Damages whose right begins on the decision date are a charge from that date: left out.
  const late = before.lines.filter((l) => l.kind === 'damages' && l.date !== undefined && l.date >= d);
  const lateMinor = late.reduce((t, l) => t + l.amount.amountMinor, 0n);
  const lines: StatementLine[] = before.lines.filter((l) => !late.includes(l));
  let costs = before.damages.amountMinor - lateMinor;
  let interest = before.interest.amountMinor;
  const principal = new Map(before.claims.map((c) => [c.claimId, c.principal.amountMinor]));
  const allocations = [...before.allocations];
  let paid = before.paid.amountMinor;
  const pack = jurisdictionOf(input.debtor.country).pack(input.debtor.kind);
  const since = payments.filter((p) => p.receivedOn >= d && p.receivedOn <= asOf).sort((a, b) => a.receivedOn.localeCompare(b.receivedOn));
  for (const p of since) {
    const a = allocate(
      p.amount,
      { currency: cur, costs, interest, principal: [...principal].map(([claimId, amountMinor]) => ({ claimId, amountMinor })) },
      pack.allocation.rule,
      pack.allocation.source,
    );
    costs -= a.costs.amountMinor;
    interest -= a.interest.amountMinor;
    for (const part of a.principal) principal.set(part.claimId, (principal.get(part.claimId) ?? 0n) - part.amount.amountMinor);
    paid += p.amount.amountMinor;
    allocations.push({ ...a, receivedOn: p.receivedOn });
    lines.push({
      kind: 'payment',
      label: 'Payment received',
      date: p.receivedOn,
      amount: m(-p.amount.amountMinor),
      explanation: `received under the ${freeze.what}; allocated: costs ${moneyText(a.costs)}, interest ${moneyText(a.interest)}, principal ${moneyText(m(a.principal.reduce((t, x) => t + x.amount.amountMinor, 0n)))}`,
      rule: a.rule,
      source: a.source,
    });
  }
  const principalMinor = [...principal.values()].reduce((t, v) => t + v, 0n);
  return {
    ...before,
    asOf,
    principal: m(principalMinor),
    interest: m(interest),
    damages: m(costs),
    charged: { ...before.charged, damages: m(before.charged.damages.amountMinor - lateMinor) },
    paid: m(paid),
    total: m(principalMinor + interest + costs),
    claims: before.claims.map((c) => ({ claimId: c.claimId, principal: m(principal.get(c.claimId) ?? 0n) })),
    lines,
    allocations,
    notes: [
      ...before.notes,
      `${freeze.what} from ${d}: interest stops running and no charge is added from that date (${freeze.rule.rule}: ${freeze.rule.source})`,
    ],
  };
}

/**
 * `assessJson` under the case's stops: the same validation and answer shape, each decision as
 * `assessUnderStops` gives it and the statement as `statementUnderStops` does.
 */
export function assessJsonUnderStops(
  input: unknown,
  stops: LegalStops | null | undefined,
  options: LegalOptionsInput = {},
): AssessJsonResult {
  const v = validateCaseJson(input);
  if (!v.ok) return { ok: false, errors: v.problems };
  const req = v.value;
  try {
    const at = { now: req.now, timeZone: req.timeZone, step: req.step, channel: req.channel, asOf: req.asOf };
    const answer = answerCase(req.case, at, options);
    const stepAt = (step: Assessment['step']): AssessAt => ({ now: req.now, timeZone: answer.timeZone, step });
    const decisions =
      'decision' in answer
        ? { decision: withStops(req.case, stops, stepAt(answer.decision.step), answer.decision) }
        : { decisions: answer.decisions.map((d) => withStops(req.case, stops, stepAt(d.step), d)) };
    const frozen = freezeOf(req.case, stops) ? statementUnderStops(req.case, stops, answer.statement.asOf, options) : answer.statement;
    const { decision: _d, decisions: _ds, ...rest } = answer as typeof answer & { decision?: unknown; decisions?: unknown };
    return { ok: true, result: toJson({ ...rest, ...decisions, statement: frozen }) as Record<string, unknown> };
  } catch (e) {
    return { ok: false, errors: [{ field: '(case)', reason: (e as Error).message }] };
  }
}
