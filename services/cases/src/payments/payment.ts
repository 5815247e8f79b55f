/**
 * Payments on a case, as plain values: what a payment is, how a recorded one is read and
 * checked, and what the case's money looks like with its payments — the legal engine's
 * statement of the case (the same case JSON its letters and the scheduler read), which
 * allocates every payment as of the day it was received (BE-X-1, NL-X-1: costs, then interest,
 * then principal, the oldest claim first) and whatever exceeds the debt stays unallocated.
 *
 * The case's balances are derived, never summed by hand: the engine's statement over the
 * payments standing. Recording a payment, or reversing one, is the same question asked again,
 * so a reversal restores the very balances the case had without that payment, and an
 * earlier-dated payment recorded late moves the allocations of the payments after it the way
 * the law allocates them (`settle` says which moved).
 */
import { isCalendarDate, type CalendarDate } from '@amicus/calendar';
import type { FieldProblem } from '@amicus/errors';
import { statement, validateCaseJson, type Allocation, type LegalOptions } from '@amicus/legal';
import type { Money } from '@amicus/money';
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { caseJsonOf, claimsInCase, type CaseFacts } from '../assessment/case-assessment';

export const PAYMENT_SOURCES = ['bank', 'direct', 'provider'] as const;
/** A bank transfer, money the debtor paid the client directly (reported by it, commission is due on it), a payment provider. */
export type PaymentSource = (typeof PAYMENT_SOURCES)[number];

export const REVERSAL_KINDS = ['chargeback', 'bank_return', 'correction'] as const;
export type ReversalKind = (typeof REVERSAL_KINDS)[number];

/** A payment to record on a case. */
export interface NewPayment {
  caseId: string;
  amount: Money;
  receivedOn: CalendarDate;
  source: PaymentSource;
  payerName: string | null;
  payerIban: string | null;
  /** The bank statement entry it came from (cases.bank_entries.id). */
  bankEntryId: string | null;
  note: string | null;
  /** Paid online: the provider and its own id of the payment (PaymentReceived carries them). */
  online?: OnlineReference | null;
}

export interface OnlineReference {
  provider: string;
  /** The provider's id of the payment (`tr_…` at Mollie). */
  paymentId: string;
  method: string | null;
}

/** A payment's parts as the engine allocated them. */
export interface PaymentAllocation {
  costsMinor: bigint;
  interestMinor: bigint;
  /** Principal per claim, oldest first; claims it paid nothing on are left out. */
  principal: { claimId: string; amountMinor: bigint }[];
  /** Beyond everything open: to refund. */
  unallocatedMinor: bigint;
  rule: string;
  legalSource: string;
}

export const NO_ALLOCATION: PaymentAllocation = {
  costsMinor: 0n,
  interestMinor: 0n,
  principal: [],
  unallocatedMinor: 0n,
  rule: '',
  legalSource: '',
};

/**
 * What the case row keeps: the principal of its open claims, the interest and costs charged
 * up to the day, what was paid toward them (allocated, so an overpayment is not in it), and
 * what is open (the three less the paid: the column the database computes).
 */
export interface CaseBalances {
  currency: string;
  principalMinor: bigint;
  interestMinor: bigint;
  costsMinor: bigint;
  paidMinor: bigint;
  openMinor: bigint;
  /** Per open claim: principal paid and still open. */
  claims: { claimId: string; paidMinor: bigint; openMinor: bigint }[];
}

/** The case's money as the engine states it on `asOf`, with each standing payment's allocation. */
export interface CaseAccount {
  asOf: CalendarDate;
  balances: CaseBalances;
  /** By payment id. */
  allocations: Map<string, PaymentAllocation>;
  /** Why a figure may be incomplete (a reference rate not known): the engine's words. */
  problems: string[];
}

/** The day a case's account is stated on: today, or the latest payment's day if the bank's calendar is ahead. */
export function accountDay(facts: CaseFacts, today: CalendarDate): CalendarDate {
  let day = today;
  for (const p of facts.payments ?? []) if (p.receivedOn > day) day = p.receivedOn;
  return day;
}

/**
 * The engine's statement of the case on `asOf` over its standing payments (facts.payments, in
 * the engine's order: by day, then as recorded). Null when the case has no open claim to state.
 */
export function caseAccount(facts: CaseFacts, asOf: CalendarDate, rateTables: LegalOptions['rateTables']): CaseAccount | null {
  const open = claimsInCase(facts);
  if (open.length === 0) return null;
  const json = caseJsonOf(facts, `${asOf}T12:00:00Z`, null);
  const valid = validateCaseJson(json);
  // The facts come from the case file's own rows: a problem here is a bug, not bad input.
  if (!valid.ok)
    throw new Error(
      `the case's facts do not make a case for the engine: ${valid.problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}`,
    );
  const st = statement(valid.value.case, asOf, { rateTables });
  const payments = facts.payments ?? [];
  if (st.allocations.length !== payments.length)
    throw new Error(`the engine allocated ${st.allocations.length} of ${payments.length} payments`);
  const allocations = new Map<string, PaymentAllocation>();
  payments.forEach((p, i) => allocations.set(p.id, allocationOf(st.allocations[i] as Allocation)));
  // In the engine's order: oldest first, the order principal is paid in.
  const principalOf = new Map(open.map((c) => [c.id, c.principalMinor]));
  const claims = st.claims.map((c) => {
    const openMinor = c.principal.amountMinor;
    return { claimId: c.claimId, paidMinor: (principalOf.get(c.claimId) ?? openMinor) - openMinor, openMinor };
  });
  const charged = st.charged;
  const openMinor = st.total.amountMinor;
  const chargedTotal = charged.principal.amountMinor + charged.interest.amountMinor + charged.damages.amountMinor;
  return {
    asOf,
    balances: {
      currency: facts.currency,
      principalMinor: charged.principal.amountMinor,
      interestMinor: charged.interest.amountMinor,
      costsMinor: charged.damages.amountMinor,
      paidMinor: chargedTotal - openMinor,
      openMinor,
      claims,
    },
    allocations,
    problems: st.problems,
  };
}

function allocationOf(a: Allocation): PaymentAllocation {
  return {
    costsMinor: a.costs.amountMinor,
    interestMinor: a.interest.amountMinor,
    principal: a.principal.filter((p) => p.amount.amountMinor > 0n).map((p) => ({ claimId: p.claimId, amountMinor: p.amount.amountMinor })),
    unallocatedMinor: a.unallocated.amountMinor,
    rule: a.rule,
    legalSource: a.source,
  };
}

/** The sum of a payment's parts: always the payment (the engine's split, checked by the property tests). */
export function allocatedTotal(a: PaymentAllocation): bigint {
  return a.costsMinor + a.interestMinor + a.principal.reduce((t, p) => t + p.amountMinor, 0n) + a.unallocatedMinor;
}

export function sameAllocation(a: PaymentAllocation, b: PaymentAllocation): boolean {
  return (
    a.costsMinor === b.costsMinor &&
    a.interestMinor === b.interestMinor &&
    a.unallocatedMinor === b.unallocatedMinor &&
    a.principal.length === b.principal.length &&
    a.principal.every((p, i) => p.claimId === b.principal[i]?.claimId && p.amountMinor === b.principal[i]?.amountMinor)
  );
}

// --- what a change of payments does to the case --------------------------------------------

export interface StoredPayment {
  id: string;
  allocation: PaymentAllocation;
  /** Never allocated yet: recorded in this transaction. */
  isNew: boolean;
}

export interface CaseStanding {
  phase: string;
  outcome: string | null;
}

export interface Settlement {
  balances: CaseBalances;
  /** Each standing payment whose allocation is new or moved, with its allocation now. */
  allocated: { paymentId: string; allocation: PaymentAllocation; reallocated: boolean }[];
  /** Nothing is left to pay on an open case: it closes as paid. */
  closesAsPaid: boolean;
  /** Closed as paid, and money is open again (a payment was undone): it reopens. */
  reopens: boolean;
  /** An overpayment that grew: the payer is owed the difference. */
  refunds: { paymentId: string; amountMinor: bigint }[];
  /** An overpayment that shrank (a payment before it was undone): a refund already asked for may be too much. */
  overpaymentsShrunk: { paymentId: string; fromMinor: bigint; toMinor: bigint }[];
}

/** Compares the engine's account with what is stored, and says what follows. */
export function settle(account: CaseAccount, stored: readonly StoredPayment[], standing: CaseStanding): Settlement {
  const allocated: Settlement['allocated'] = [];
  const refunds: Settlement['refunds'] = [];
  const overpaymentsShrunk: Settlement['overpaymentsShrunk'] = [];
  for (const p of stored) {
    const now = account.allocations.get(p.id);
    if (!now) continue;
    if (p.isNew || !sameAllocation(p.allocation, now)) allocated.push({ paymentId: p.id, allocation: now, reallocated: !p.isNew });
    const before = p.isNew ? 0n : p.allocation.unallocatedMinor;
    if (now.unallocatedMinor > before) refunds.push({ paymentId: p.id, amountMinor: now.unallocatedMinor - before });
    else if (now.unallocatedMinor < before) overpaymentsShrunk.push({ paymentId: p.id, fromMinor: before, toMinor: now.unallocatedMinor });
  }
  const open = account.balances.openMinor;
  return {
    balances: account.balances,
    allocated,
    closesAsPaid: standing.phase !== 'closed' && open <= 0n && stored.length > 0,
    reopens: standing.phase === 'closed' && standing.outcome === 'paid' && open > 0n,
    refunds,
    overpaymentsShrunk,
  };
}

// --- reading a payment someone records -------------------------------------------------------

export interface PaymentWire {
  caseId: string;
  amountMinor: string;
  currency?: string | null;
  receivedOn: string;
  source?: string | null;
  payerName?: string | null;
  payerIban?: string | null;
  note?: string | null;
}

/**
 * A payment as an agent, an admin or a client's user records it, checked field by field
 * (`input.amountMinor` …) against the case: its currency, a day not after today. A client's
 * user only reports money paid to the client directly; a bank payment comes from a statement
 * or an agent's assignment of one, a provider's from its adapter.
 */
export function readPayment(
  wire: PaymentWire,
  c: { currency: string; today: CalendarDate; reporter: 'client' | 'agency' },
): { payment: NewPayment; problems: [] } | { payment: null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const bad = (field: string, reason: string) => problems.push({ field: `input.${field}`, reason });
  const amountText = wire.amountMinor.trim();
  let amountMinor = 0n;
  if (!/^\d{1,18}$/.test(amountText)) bad('amountMinor', 'must be a whole number of minor units (cents), e.g. "12550" for 125.50');
  else if ((amountMinor = BigInt(amountText)) <= 0n) bad('amountMinor', 'must be more than zero');
  const currency = wire.currency?.trim().toUpperCase() || c.currency;
  if (currency !== c.currency)
    bad('currency', `the case is in ${c.currency}, not ${currency}: record the amount the case's currency received`);
  const receivedOn = wire.receivedOn.trim();
  if (!isCalendarDate(receivedOn)) bad('receivedOn', 'is not a date (YYYY-MM-DD)');
  else if (receivedOn > c.today) bad('receivedOn', `is after today (${c.today}): record a payment once it is received`);
  else if (receivedOn < '2000-01-01') bad('receivedOn', 'is before 2000');
  const sourceText = wire.source?.trim() || (c.reporter === 'client' ? 'direct' : '');
  const source = (PAYMENT_SOURCES as readonly string[]).includes(sourceText) ? (sourceText as PaymentSource) : null;
  if (!source) bad('source', sourceText ? `"${sourceText}" is not one of ${PAYMENT_SOURCES.join(', ')}` : 'is required');
  else if (c.reporter === 'client' && source !== 'direct') bad('source', 'a client reports only money paid to it directly (direct)');
  else if (source === 'provider') bad('source', "a provider's payment comes from the provider itself, not by hand");
  const payerName = wire.payerName?.trim() || null;
  if (payerName && payerName.length > 140) bad('payerName', 'is longer than 140 characters');
  const ibanText = wire.payerIban?.trim() || null;
  const payerIban = ibanText ? (electronicFormatIBAN(ibanText) ?? ibanText) : null;
  if (payerIban && !isValidIBAN(payerIban)) bad('payerIban', `"${ibanText}" is not a valid IBAN`);
  const note = wire.note?.trim() || null;
  if (note && note.length > 1000) bad('note', 'is longer than 1000 characters');
  if (problems.length || !source) return { payment: null, problems };
  return {
    payment: {
      caseId: wire.caseId,
      amount: { amountMinor, currency },
      receivedOn,
      source,
      payerName,
      payerIban,
      bankEntryId: null,
      note,
    },
    problems: [],
  };
}

/** A reversal's kind and reason, checked by field. */
export function readReversal(kind: string, reason: string): { kind: ReversalKind; reason: string } | FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!(REVERSAL_KINDS as readonly string[]).includes(kind))
    problems.push({ field: 'kind', reason: `"${kind}" is not one of ${REVERSAL_KINDS.join(', ')}` });
  const why = reason.trim();
  if (!why) problems.push({ field: 'reason', reason: 'is required' });
  else if (why.length > 1000) problems.push({ field: 'reason', reason: 'is longer than 1000 characters' });
  return problems.length ? problems : { kind: kind as ReversalKind, reason: why };
}

/** "costs 55.00, interest 3.12, principal INV-1 141.88, unallocated 0.00" for the case history. */
export function describeAllocation(a: PaymentAllocation, format: (minor: bigint) => string, claimLabel: (id: string) => string): string {
  const parts = [
    `costs ${format(a.costsMinor)}`,
    `interest ${format(a.interestMinor)}`,
    ...a.principal.map((p) => `principal ${claimLabel(p.claimId)} ${format(p.amountMinor)}`),
  ];
  if (a.unallocatedMinor > 0n) parts.push(`unallocated ${format(a.unallocatedMinor)}`);
  return `${parts.join(', ')} (${a.rule})`;
}
