/**
 * The full statement of a case as of a date: principal, interest to date, damages allowed,
 * payments and their allocation, total claimable; every amount with its line of arithmetic.
 * Interest runs for the days before `asOf`; a payment received on day P stops interest on the
 * part it pays from day P.
 */
import { money, type Money } from '@amicus/money';
import type { ChargeRight, InterestRight, RulePack } from '../jurisdictions/jurisdiction';
import type { CalendarDate, Claim, Country, DebtorKind } from '../types';
import { allocate, type Allocation } from './allocation';
import { describeDate } from '@amicus/calendar';
import type { CaseContext } from './case-context';
import { accrue, type InterestLine } from './interest';
import { moneyText } from './money-text';

export interface StatementLine {
  kind: 'principal' | 'interest' | 'damages' | 'payment';
  label: string;
  date?: CalendarDate;
  claimId?: string;
  amount: Money;
  explanation: string;
  rule?: string;
  source?: string;
}

export interface Statement {
  asOf: CalendarDate;
  country: Country;
  debtorKind: DebtorKind;
  currency: string;
  /** Outstanding after payments. */
  principal: Money;
  interest: Money;
  damages: Money;
  /** Charged over the life of the case (before payments). */
  charged: { principal: Money; interest: Money; damages: Money };
  paid: Money;
  /** Principal + interest + damages still claimable. */
  total: Money;
  /** Principal outstanding per claim, oldest first. */
  claims: { claimId: string; principal: Money }[];
  lines: StatementLine[];
  interestLines: InterestLine[];
  allocations: (Allocation & { receivedOn: CalendarDate })[];
  /** Why a figure may be incomplete (e.g. no known reference rate). */
  problems: string[];
  notes: string[];
  complete: boolean;
}

interface ClaimState {
  claim: Claim;
  principal: bigint;
  damages: ChargeRight;
  interest: InterestRight;
  accruedTo?: CalendarDate;
  pending: InterestLine[];
  damagesDone: boolean;
}

export function buildStatement(ctx: CaseContext, pack: RulePack, asOf: CalendarDate): Statement {
  const cur = ctx.currency;
  const m = (v: bigint): Money => money(v, cur);
  const lines: StatementLine[] = [];
  const interestLines: InterestLine[] = [];
  const problems: string[] = [];
  const notes: string[] = [];
  const allocations: Statement['allocations'] = [];
  const basis = ctx.options.damagesBasis[ctx.country];
  let costsOpen = 0n;
  let interestOpen = 0n;
  let caseBase = 0n;
  let chargedInterest = 0n;
  let chargedDamages = 0n;
  let paid = 0n;

  const states: ClaimState[] = ctx.claims.map((claim) => {
    const interest = pack.interestRight(ctx, claim);
    return {
      claim,
      principal: claim.principal.amountMinor,
      damages: pack.damagesRight(ctx, claim),
      interest,
      accruedTo: interest.accrualFrom,
      pending: [],
      damagesDone: false,
    };
  });
  for (const s of states) {
    lines.push({
      kind: 'principal',
      label: `Principal ${s.claim.number ?? s.claim.id}`,
      claimId: s.claim.id,
      date: s.claim.dueDate,
      amount: s.claim.principal,
      explanation: `invoice of ${describeDate(s.claim.issueDate)}` + (s.claim.dueDate ? `, due ${describeDate(s.claim.dueDate)}` : ''),
    });
  }
  const clause = ctx.claims.find((c) => c.terms?.damagesClause)?.terms?.damagesClause;

  const advance = (day: CalendarDate): void => {
    for (const s of states) {
      const i = s.interest;
      if (i.allowed && i.rate && s.accruedTo && s.accruedTo < day) {
        const r = accrue(s.claim.id, m(s.principal), i.rate, s.accruedTo, day, i.rule, i.source);
        s.pending.push(...r.lines);
        s.accruedTo = day;
        if (r.missingRateFrom) {
          problems.push(
            `no known ${r.missingRateTable} rate from ${r.missingRateFrom}: interest on ${s.claim.number ?? s.claim.id} not computed from that day (update libs/legal/src/rates)`,
          );
          s.accruedTo = undefined;
        }
      }
      if (i.allowed && i.from && i.from <= day && s.pending.length) {
        for (const l of s.pending) {
          interestLines.push(l);
          lines.push({
            kind: 'interest',
            label: `Interest ${s.claim.number ?? s.claim.id}`,
            claimId: s.claim.id,
            date: l.from,
            amount: l.amount,
            explanation: l.explanation,
            rule: l.rule,
            source: l.source,
          });
          interestOpen += l.amount.amountMinor;
          chargedInterest += l.amount.amountMinor;
        }
        s.pending = [];
      }
    }
    for (const s of states) {
      const d = s.damages;
      if (s.damagesDone || !d.allowed || !d.from || d.from > day) continue;
      s.damagesDone = true;
      let amount: bigint;
      let explanation: string;
      if (s.principal <= 0n) continue;
      const base = basis === 'per_case' ? caseBase + s.principal : s.principal;
      const cap = pack.maxDamages(m(base), basis === 'per_case' ? clause : s.claim.terms?.damagesClause);
      if (!cap.allowed) {
        notes.push(`${s.claim.number ?? s.claim.id}: no damages — ${cap.arithmetic} (${cap.rule})`);
        continue;
      }
      if (basis === 'per_case') {
        const already = caseBase > 0n ? pack.maxDamages(m(caseBase), clause).max : m(0n);
        amount = cap.max.amountMinor - already.amountMinor;
        explanation =
          `on the case's outstanding principal ${moneyText(m(base))}: ${cap.arithmetic}` +
          (caseBase > 0n ? ` − ${moneyText(already)} already charged` : '');
        caseBase = base;
      } else {
        amount = cap.max.amountMinor;
        explanation = `on outstanding ${moneyText(m(base))}: ${cap.arithmetic}`;
      }
      const { rule, source } = cap;
      if (amount <= 0n) continue;
      lines.push({
        kind: 'damages',
        label: `Damages ${s.claim.number ?? s.claim.id}`,
        claimId: s.claim.id,
        date: d.from,
        amount: m(amount),
        explanation,
        rule,
        source,
      });
      costsOpen += amount;
      chargedDamages += amount;
    }
  };

  const payments = [...(ctx.input.payments ?? [])]
    .filter((p) => p.receivedOn <= asOf)
    .sort((a, b) => a.receivedOn.localeCompare(b.receivedOn));
  for (const p of payments) {
    advance(p.receivedOn);
    const open = {
      currency: cur,
      costs: costsOpen,
      interest: interestOpen,
      principal: states.map((s) => ({ claimId: s.claim.id, amountMinor: s.principal })),
    };
    const a = allocate(p.amount, open, pack.allocation.rule, pack.allocation.source);
    costsOpen -= a.costs.amountMinor;
    interestOpen -= a.interest.amountMinor;
    for (const part of a.principal) {
      const s = states.find((x) => x.claim.id === part.claimId);
      if (s) s.principal -= part.amount.amountMinor;
    }
    paid += p.amount.amountMinor;
    allocations.push({ ...a, receivedOn: p.receivedOn });
    const parts = [
      `costs ${moneyText(a.costs)}`,
      `interest ${moneyText(a.interest)}`,
      ...a.principal.filter((x) => x.amount.amountMinor > 0n).map((x) => `principal ${x.claimId} ${moneyText(x.amount)}`),
    ];
    if (a.unallocated.amountMinor > 0n) parts.push(`unallocated ${moneyText(a.unallocated)}`);
    lines.push({
      kind: 'payment',
      label: 'Payment received',
      date: p.receivedOn,
      amount: m(-p.amount.amountMinor),
      explanation: `allocated: ${parts.join(', ')} (costs → interest → principal)`,
      rule: a.rule,
      source: a.source,
    });
  }
  advance(asOf);
  for (const s of states) {
    if (s.pending.length)
      notes.push(
        `${s.claim.number ?? s.claim.id}: interest accrues from ${s.interest.accrualFrom} but is claimable only from ${s.interest.from} (${s.interest.rule})`,
      );
    if (!s.interest.allowed) notes.push(`${s.claim.number ?? s.claim.id}: no interest — ${s.interest.reason} (${s.interest.rule})`);
    if (!s.damages.allowed) notes.push(`${s.claim.number ?? s.claim.id}: no damages — ${s.damages.reason} (${s.damages.rule})`);
  }

  const principal = states.reduce((t, s) => t + s.principal, 0n);
  return {
    asOf,
    country: ctx.country,
    debtorKind: ctx.kind,
    currency: cur,
    principal: m(principal),
    interest: m(interestOpen),
    damages: m(costsOpen),
    charged: {
      principal: m(ctx.claims.reduce((t, c) => t + c.principal.amountMinor, 0n)),
      interest: m(chargedInterest),
      damages: m(chargedDamages),
    },
    paid: m(paid),
    total: m(principal + interestOpen + costsOpen),
    claims: states.map((s) => ({ claimId: s.claim.id, principal: m(s.principal) })),
    lines,
    interestLines,
    allocations,
    problems,
    notes,
    complete: problems.length === 0,
  };
}
