import type { CalendarDate } from '@amicus/calendar';
import { ratio, roundHalfUp } from '@amicus/money';
import { type Agreement, type FeeKind, ratesFor, type TierFacts, vatRateBp } from '../agreements/agreement';
import { splitByLargestRemainder } from './split';

/**
 * The trust ledger (issue #14 §2): double entry, append-only, integer minor units. A correction
 * is a reversing transaction, never an edit. Pure: the service loads what a posting needs and
 * writes what these functions return.
 *
 * Sign: an entry's amount is a debit when positive and a credit when negative; the entries of a
 * transaction sum to zero. Money held in trust for clients and debtors sits in `trust_bank`;
 * the agency's share (commission, fees, kept costs and the VAT on them) is swept to its own
 * `operating_bank` in the transaction that earns it, so the trust bank's balance always equals
 * what is owed to clients, to debtors and what is in suspense.
 */
export const ACCOUNTS = [
  'trust_bank',
  'operating_bank',
  'client_payable',
  'client_receivable',
  'commission_revenue',
  'fee_revenue',
  'costs_revenue',
  'vat_payable',
  'refunds_owed',
  'suspense',
] as const;
export type Account = (typeof ACCOUNTS)[number];

/** What an entry is for, on statements: a part of the payment, a fee kind, or the movement of money. */
export type EntryPart =
  | 'principal'
  | 'interest'
  | 'costs'
  | 'overpayment'
  | 'share'
  | 'vat'
  | 'sweep'
  | 'received'
  /** Out of suspense: the money of a payment allocated to what it pays (what a statement counts as collected). */
  | 'allocated'
  /** The monthly minimum's top-up. */
  | 'minimum'
  /** A remittance settling the client's payable and receivable. */
  | 'remitted'
  /** Money the agency puts into trust from its own (a deficit, a credit owed to the client). */
  | 'cover'
  /** A credit note taking back commission or fees from the client's receivable. */
  | 'credited'
  | FeeKind;

export interface Entry {
  account: Account;
  /** Debit > 0, credit < 0, minor units of the transaction's currency. */
  amountMinor: bigint;
  part: EntryPart;
  claimId: string | null;
}

export const TRANSACTION_KINDS = [
  'payment_received',
  'payment_allocated',
  'allocation_reversed',
  'payment_reversed',
  'fee_charged',
  'minimum_charged',
  'remittance_settled',
  /** A credit note correcting an invoice (src/invoices). */
  'credit_noted',
  /** An invoice's VAT on its total less the VAT booked per transaction (src/invoices). */
  'vat_rounded',
] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

export interface LedgerTransaction {
  /** Unique per effect: the event id and what of it this is; a second posting of the same key is refused by the store. */
  key: string;
  kind: TransactionKind;
  clientId: string;
  /** The case it is for; null for a client's remittance and its monthly minimum. */
  caseId: string | null;
  paymentId: string | null;
  currency: string;
  /** The day it counts for (the payment's receivedOn, the fee's day). */
  bookedOn: CalendarDate;
  /** The agreement version whose rates were used, if any. */
  agreementId: string | null;
  /** The key of the transaction this one reverses. */
  reverses: string | null;
  memo: string;
  entries: Entry[];
}

/** What billing knows of a payment from PaymentReceived. */
export interface PaymentFacts {
  paymentId: string;
  caseId: string;
  clientId: string;
  amountMinor: bigint;
  currency: string;
  receivedOn: CalendarDate;
  /** Paid to the client directly: no money in trust, the commission becomes the client's debt. */
  direct: boolean;
}

/** A payment's parts as the legal engine allocated them (PaymentAllocated.allocation). */
export interface AllocationFacts {
  costsMinor: bigint;
  interestMinor: bigint;
  principal: { claimId: string; amountMinor: bigint }[];
  unallocatedMinor: bigint;
}

/** What the tiers are chosen by: per claim, and for the case's interest and costs. */
export interface TierLookup {
  claim(claimId: string): TierFacts | null;
  case: TierFacts | null;
}

const entry = (account: Account, amountMinor: bigint, part: EntryPart, claimId: string | null = null): Entry => ({
  account,
  amountMinor,
  part,
  claimId,
});

const nonZero = (entries: Entry[]): Entry[] => entries.filter((e) => e.amountMinor !== 0n);

/** Money received into trust, not yet matched to what it pays: trust bank to suspense. Direct payments move no trust money. */
export function receivedTransaction(p: PaymentFacts, key: string): LedgerTransaction | null {
  if (p.direct) return null;
  return {
    key,
    kind: 'payment_received',
    clientId: p.clientId,
    caseId: p.caseId,
    paymentId: p.paymentId,
    currency: p.currency,
    bookedOn: p.receivedOn,
    agreementId: null,
    reverses: null,
    memo: `received ${p.amountMinor} on ${p.receivedOn}`,
    entries: [entry('trust_bank', p.amountMinor, 'received'), entry('suspense', -p.amountMinor, 'received')],
  };
}

/** The agency's part of one allocation: commission per line (summing to the rounded whole), VAT, kept costs. */
export interface AgencyShare {
  /** Commission lines: one per claim's principal, interest, costs (client-kept); credits are their negatives. */
  commission: { part: 'principal' | 'interest' | 'costs'; claimId: string | null; amountMinor: bigint }[];
  commissionMinor: bigint;
  vatMinor: bigint;
  /** The debtor's collection costs the agency keeps (no VAT: a compensation paid by the debtor, not a service to the client). */
  keptCostsMinor: bigint;
}

/** The commission, VAT and kept costs on an allocation by an agreement (none without one). */
export function agencyShare(a: AllocationFacts, agreement: Agreement | null, tiers: TierLookup): AgencyShare {
  if (!agreement) return { commission: [], commissionMinor: 0n, vatMinor: 0n, keptCostsMinor: 0n };
  const { commission, collectionCostsKeptBy, vat } = agreement.terms;
  const caseRates = ratesFor(commission, tiers.case);
  // Exact commission per line in 1/10000 of a minor unit; the whole is rounded once, then split back.
  const lines: { part: 'principal' | 'interest' | 'costs'; claimId: string | null; weight: bigint }[] = a.principal.map((p) => ({
    part: 'principal',
    claimId: p.claimId,
    weight: p.amountMinor * BigInt(ratesFor(commission, tiers.claim(p.claimId)).principalBp),
  }));
  lines.push({ part: 'interest', claimId: null, weight: a.interestMinor * BigInt(caseRates.interestBp) });
  const keptCostsMinor = collectionCostsKeptBy === 'agency' ? a.costsMinor : 0n;
  if (collectionCostsKeptBy === 'client') lines.push({ part: 'costs', claimId: null, weight: a.costsMinor * BigInt(caseRates.costsBp) });
  const exact = lines.reduce((s, l) => s + l.weight, 0n);
  const commissionMinor = roundHalfUp(ratio(exact, 10000n));
  const parts = splitByLargestRemainder(
    commissionMinor,
    lines.map((l) => l.weight),
  );
  const vatMinor = roundHalfUp(ratio(commissionMinor * BigInt(vatRateBp(vat)), 10000n));
  return {
    commission: lines
      .map((l, i) => ({ part: l.part, claimId: l.claimId, amountMinor: parts[i] ?? 0n }))
      .filter((l) => l.amountMinor !== 0n),
    commissionMinor,
    vatMinor,
    keptCostsMinor,
  };
}

/**
 * The posting of a payment's allocation by the agreement in force on its receivedOn: out of
 * suspense, the client's share to its payable, commission per line, VAT, kept costs, an
 * overpayment to refunds owed to the debtor, and the agency's share swept out of trust. For a
 * payment made to the client directly, the agency's share is the client's debt (receivable).
 */
export function allocationTransaction(
  p: PaymentFacts,
  a: AllocationFacts,
  agreement: Agreement | null,
  tiers: TierLookup,
  key: string,
): LedgerTransaction {
  const share = agencyShare(a, agreement, tiers);
  const principal = a.principal.reduce((s, l) => s + l.amountMinor, 0n);
  const gross = principal + a.interestMinor + a.costsMinor;
  const agencyMinor = share.commissionMinor + share.vatMinor + share.keptCostsMinor;
  const revenue = [
    ...share.commission.map((c) => entry('commission_revenue', -c.amountMinor, c.part, c.claimId)),
    entry('vat_payable', -share.vatMinor, 'vat'),
    entry('costs_revenue', -share.keptCostsMinor, 'costs'),
  ];
  const entries = p.direct
    ? [entry('client_receivable', agencyMinor, 'share'), ...revenue]
    : [
        entry('suspense', gross + a.unallocatedMinor, 'allocated'),
        entry('client_payable', -(gross - agencyMinor), 'share'),
        ...revenue,
        entry('refunds_owed', -a.unallocatedMinor, 'overpayment'),
        entry('operating_bank', agencyMinor, 'sweep'),
        entry('trust_bank', -agencyMinor, 'sweep'),
      ];
  const rated = agreement ? `by agreement version ${agreement.version}` : `no agreement in force on ${p.receivedOn}: no commission`;
  return {
    key,
    kind: 'payment_allocated',
    clientId: p.clientId,
    caseId: p.caseId,
    paymentId: p.paymentId,
    currency: p.currency,
    bookedOn: p.receivedOn,
    agreementId: agreement?.id ?? null,
    reverses: null,
    memo: `${p.direct ? 'paid to the client directly' : 'allocated'}: ${gross} collected, commission ${share.commissionMinor}, VAT ${share.vatMinor} ${rated}`,
    entries: nonZero(entries),
  };
}

/** The mirror of a transaction: every entry negated, pointing at what it reverses. */
export function reversalOf(
  tx: LedgerTransaction,
  kind: 'allocation_reversed' | 'payment_reversed',
  key: string,
  memo: string,
  bookedOn: CalendarDate = tx.bookedOn,
): LedgerTransaction {
  return {
    ...tx,
    key,
    kind,
    reverses: tx.key,
    memo,
    // booked on the day it happens: a reversal after a period is closed counts in the next one
    bookedOn,
    entries: tx.entries.map((e) => ({ ...e, amountMinor: -e.amountMinor })),
  };
}

/** A fixed fee of the agreement (per case opened, letter, call …) with its VAT, owed by the client; null when the fee is nil. */
export function feeTransaction(
  fee: { kind: FeeKind; clientId: string; caseId: string; bookedOn: CalendarDate },
  agreement: Agreement | null,
  key: string,
): LedgerTransaction | null {
  if (!agreement) return null;
  const amount = agreement.terms.fees[fee.kind];
  if (amount === 0n) return null;
  const vat = roundHalfUp(ratio(amount * BigInt(vatRateBp(agreement.terms.vat)), 10000n));
  return {
    key,
    kind: 'fee_charged',
    clientId: fee.clientId,
    caseId: fee.caseId,
    paymentId: null,
    currency: agreement.terms.currency,
    bookedOn: fee.bookedOn,
    agreementId: agreement.id,
    reverses: null,
    memo: `fee ${fee.kind} ${amount}, VAT ${vat} by agreement version ${agreement.version}`,
    entries: nonZero([
      entry('client_receivable', amount + vat, 'share'),
      entry('fee_revenue', -amount, fee.kind),
      entry('vat_payable', -vat, 'vat'),
    ]),
  };
}

/** The fee a communication sent to the debtor costs the client: a letter, a registered one (registered e-mail, the registered channel the agency sends by), else none. */
export function feeOfCommunication(channel: string): FeeKind | null {
  if (channel === 'letter') return 'letter';
  if (channel === 'registered_email') return 'registeredLetter';
  return null;
}

/** True when the entries sum to zero. */
export const isBalanced = (tx: Pick<LedgerTransaction, 'entries'>): boolean => tx.entries.reduce((s, e) => s + e.amountMinor, 0n) === 0n;

/** Balances (debit positive) per account, and per client for the client's own accounts, over some transactions. */
export function balancesOf(txs: readonly LedgerTransaction[]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const tx of txs)
    for (const e of tx.entries) {
      const key = balanceKey(e.account, tx.clientId);
      out.set(key, (out.get(key) ?? 0n) + e.amountMinor);
    }
  return out;
}

/** `client_payable:<clientId>` for the client's accounts, the account's name for the agency's. */
export const balanceKey = (account: Account, clientId: string): string =>
  account === 'client_payable' || account === 'client_receivable' ? `${account}:${clientId}` : account;
