import { addDays, dayNumber, isCalendarDate, isoWeekday, type CalendarDate } from '@amicus/calendar';
import { ratio, roundHalfUp } from '@amicus/money';
import { type Agreement, type RemittancePeriod, vatRateBp } from '../agreements/agreement';
import type { Entry, LedgerTransaction } from '../ledger/ledger';

/**
 * Remittances (issue #14 §3): per client per period, a statement of what was collected per
 * case and what the agency keeps of it, and the settlement of the client's payable against
 * what it owes — a payout when the net is positive, an invoice for the rest when it is not.
 * A remittance takes every ledger transaction of the client booked up to the period's end that
 * no remittance has taken yet, so a reversal (or a late, back-dated payment) after a remittance
 * counts in the next one. Pure.
 */

export interface Period {
  kind: RemittancePeriod;
  start: CalendarDate;
  /** Inclusive. */
  end: CalendarDate;
}

/** The period a day falls in: its ISO week (Monday to Sunday) or its calendar month. */
export function periodContaining(day: CalendarDate, kind: RemittancePeriod): Period {
  if (kind === 'weekly') {
    const start = addDays(day, 1 - isoWeekday(day));
    return { kind, start, end: addDays(start, 6) };
  }
  const start = `${day.slice(0, 8)}01`;
  return { kind, start, end: addDays(nextMonth(start), -1) };
}

function nextMonth(firstOfMonth: CalendarDate): CalendarDate {
  const y = Number(firstOfMonth.slice(0, 4));
  const m = Number(firstOfMonth.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** Why a day cannot start a period of this kind, or null. */
export function periodStartProblem(start: string, kind: RemittancePeriod): string | null {
  if (!isCalendarDate(start)) return 'is not a date (YYYY-MM-DD)';
  if (kind === 'weekly' && isoWeekday(start) !== 1) return 'is not a Monday: the client is remitted weekly';
  if (kind === 'monthly' && !start.endsWith('-01')) return 'is not the first of a month: the client is remitted monthly';
  return null;
}

/** What a case (or, for the monthly minimum, the client: caseId null) contributed to a remittance. */
export interface StatementLine {
  caseId: string | null;
  /** Money into trust allocated to what it pays (gross, with any overpayment). */
  collectedMinor: bigint;
  commissionMinor: bigint;
  feesMinor: bigint;
  /** The debtor's collection costs the agency keeps. */
  costsKeptMinor: bigint;
  vatMinor: bigint;
  /** Overpayments owed back to the debtor. */
  refundsMinor: bigint;
  /** What the client gets (negative: what it owes), its payable less its receivable. */
  netMinor: bigint;
}

const emptyLine = (caseId: string | null): StatementLine => ({
  caseId,
  collectedMinor: 0n,
  commissionMinor: 0n,
  feesMinor: 0n,
  costsKeptMinor: 0n,
  vatMinor: 0n,
  refundsMinor: 0n,
  netMinor: 0n,
});

function addEntry(line: StatementLine, e: Entry): void {
  const credit = -e.amountMinor;
  switch (e.account) {
    case 'suspense':
      if (e.part === 'allocated') line.collectedMinor += e.amountMinor;
      return;
    case 'commission_revenue':
      line.commissionMinor += credit;
      return;
    case 'fee_revenue':
      line.feesMinor += credit;
      return;
    case 'costs_revenue':
      line.costsKeptMinor += credit;
      return;
    case 'vat_payable':
      line.vatMinor += credit;
      return;
    case 'refunds_owed':
      line.refundsMinor += credit;
      return;
    case 'client_payable':
      line.netMinor += credit;
      return;
    case 'client_receivable':
      line.netMinor -= e.amountMinor;
      return;
    default:
      return;
  }
}

/** The statement lines of some transactions, per case in the order first seen, the client's own last. */
export function statementLines(txs: readonly LedgerTransaction[]): StatementLine[] {
  const lines = new Map<string | null, StatementLine>();
  for (const tx of txs) {
    if (tx.kind === 'remittance_settled') continue;
    let line = lines.get(tx.caseId);
    if (!line) lines.set(tx.caseId, (line = emptyLine(tx.caseId)));
    for (const e of tx.entries) addEntry(line, e);
  }
  const own = lines.get(null);
  return [...[...lines.values()].filter((l) => l.caseId !== null), ...(own ? [own] : [])];
}

export function totalOf(lines: readonly StatementLine[]): StatementLine {
  const t = emptyLine(null);
  for (const l of lines) {
    t.collectedMinor += l.collectedMinor;
    t.commissionMinor += l.commissionMinor;
    t.feesMinor += l.feesMinor;
    t.costsKeptMinor += l.costsKeptMinor;
    t.vatMinor += l.vatMinor;
    t.refundsMinor += l.refundsMinor;
    t.netMinor += l.netMinor;
  }
  return t;
}

export type RemittanceOutcome = 'payout' | 'invoice' | 'nil';

export interface RemittanceDecision {
  period: Period;
  lines: StatementLine[];
  total: StatementLine;
  /** Paid out to the client's IBAN (≥ 0). */
  payoutMinor: bigint;
  /** Left for the client to pay, invoiced (≥ 0). */
  invoicedMinor: bigint;
  outcome: RemittanceOutcome;
  /** What the remittance posts: the monthly minimum's top-up (if any) and the settlement. */
  postings: LedgerTransaction[];
}

const sum = (txs: readonly LedgerTransaction[], account: Entry['account']) =>
  txs.reduce((s, tx) => s + tx.entries.filter((e) => e.account === account).reduce((a, e) => a + e.amountMinor, 0n), 0n);

/**
 * The remittance of a client for a period from the transactions no remittance has taken yet
 * (booked up to the period's end): the monthly minimum topped up (monthly periods), then the
 * client's payable settled against its receivable — the rest of the payable paid out of trust
 * to the client, the receivable's part swept to the agency, what the payable cannot cover left
 * to invoice.
 */
export function remit(
  clientId: string,
  period: Period,
  agreement: Agreement | null,
  items: readonly LedgerTransaction[],
  key: string,
): RemittanceDecision {
  const currency = agreement?.terms.currency ?? items[0]?.currency ?? 'EUR';
  const postings: LedgerTransaction[] = [];
  const base = {
    clientId,
    caseId: null,
    paymentId: null,
    currency,
    bookedOn: period.end,
    agreementId: agreement?.id ?? null,
    reverses: null,
  };

  // The monthly minimum: commission and fees booked in the month, topped up to it (VAT on the top-up).
  if (agreement && period.kind === 'monthly' && agreement.terms.monthlyMinimum > 0n) {
    const inMonth = items.filter((t) => t.bookedOn >= period.start && t.bookedOn <= period.end);
    const earned = -(sum(inMonth, 'commission_revenue') + sum(inMonth, 'fee_revenue'));
    const topUp = agreement.terms.monthlyMinimum - earned;
    if (topUp > 0n) {
      const vat = roundHalfUp(ratio(topUp * BigInt(vatRateBp(agreement.terms.vat)), 10000n));
      postings.push({
        ...base,
        key: `${key}:minimum`,
        kind: 'minimum_charged',
        memo: `monthly minimum ${agreement.terms.monthlyMinimum}: ${earned} earned, ${topUp} topped up, VAT ${vat}`,
        entries: [
          { account: 'client_receivable', amountMinor: topUp + vat, part: 'minimum', claimId: null },
          { account: 'fee_revenue', amountMinor: -topUp, part: 'minimum', claimId: null },
          ...(vat ? [{ account: 'vat_payable' as const, amountMinor: -vat, part: 'vat' as const, claimId: null }] : []),
        ],
      });
    }
  }

  const all = [...items, ...postings];
  let payable = -sum(all, 'client_payable');
  let receivable = sum(all, 'client_receivable');
  const entries: Entry[] = [];
  const line = (account: Entry['account'], amountMinor: bigint, part: Entry['part']) => {
    if (amountMinor !== 0n) entries.push({ account, amountMinor, part, claimId: null });
  };
  // More was paid out than the client is owed (a payment reversed after its remittance): the
  // agency makes the trust account whole from its own, and the client owes it that.
  if (payable < 0n) {
    const deficit = -payable;
    line('client_payable', -deficit, 'remitted');
    line('trust_bank', deficit, 'cover');
    line('operating_bank', -deficit, 'cover');
    line('client_receivable', deficit, 'remitted');
    receivable += deficit;
    payable = 0n;
  }
  // The agency owes the client a credit (a direct payment's commission reversed): paid with the payout, funded by the agency.
  if (receivable < 0n) {
    const credit = -receivable;
    line('client_receivable', credit, 'remitted');
    line('client_payable', -credit, 'remitted');
    line('trust_bank', credit, 'cover');
    line('operating_bank', -credit, 'cover');
    payable += credit;
    receivable = 0n;
  }
  const offset = receivable < payable ? receivable : payable;
  line('client_payable', payable, 'remitted');
  line('trust_bank', -payable, 'remitted');
  line('client_receivable', -offset, 'remitted');
  line('operating_bank', offset, 'sweep');
  const payoutMinor = payable - offset;
  const invoicedMinor = receivable - offset;
  if (entries.length)
    postings.push({
      ...base,
      key,
      kind: 'remittance_settled',
      memo: `remittance ${period.start}..${period.end}: ${payoutMinor} paid out, ${offset} set off against what the client owes, ${invoicedMinor} to invoice`,
      entries,
    });
  const lines = statementLines(all);
  return {
    period,
    lines,
    total: totalOf(lines),
    payoutMinor,
    invoicedMinor,
    outcome: payoutMinor > 0n ? 'payout' : invoicedMinor > 0n ? 'invoice' : 'nil',
    postings,
  };
}

/** Days in a period (for a statement's header). */
export const periodDays = (p: Period): number => dayNumber(p.end) - dayNumber(p.start) + 1;
