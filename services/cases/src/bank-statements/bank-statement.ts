/**
 * A bank statement as the agency reads it, whatever file it came in (CAMT.053 of any version,
 * CODA 2): the account, its opening and closing balance, and every booked entry with what
 * matching needs (amount in minor units, direction, dates, counterparty, the structured payment
 * reference, the free text) and a stable id so that importing the same or an overlapping
 * statement twice records nothing twice.
 *
 * The readers (`camt053.ts`, `coda.ts`) build these through `StatementBuilder`, so the balance
 * check, the entry ids and the reference recognition are the same for both formats.
 */
import { createHash } from 'node:crypto';
import type { CalendarDate } from '@amicus/calendar';
import { DomainError, type FieldProblem } from '@amicus/errors';
import { minorDigits, type Money } from '@amicus/money';
import { parseCreditorReference, parseOgm, type PaymentReference } from '@amicus/payment-references';

export type StatementFormat = 'camt.053' | 'coda';
export type EntryDirection = 'credit' | 'debit';

export interface BankStatementFile {
  format: StatementFormat;
  /** `camt.053.001.08`, `coda 2`. */
  version: string;
  /** CAMT GrpHdr/MsgId; CODA the header's file reference (blank: null). */
  messageId: string | null;
  statements: BankStatement[];
}

export interface BankAccount {
  /** Electronic form, upper case, no spaces; null when the bank gives another kind of number. */
  iban: string | null;
  /** The number as the file gives it (the IBAN when there is one). */
  number: string;
  holderName: string | null;
  /** The bank's BIC when the file says it. */
  bic: string | null;
}

export interface StatementBalance {
  /** Signed: negative for a debit (overdrawn) balance. */
  amount: Money;
  date: CalendarDate;
}

/** Opening + credits − debits against the closing balance; reported, never refused here. */
export interface BalanceCheck {
  ok: boolean;
  opening: bigint;
  credits: bigint;
  debits: bigint;
  /** What the closing balance should be: opening + credits − debits. */
  expectedClosing: bigint;
  closing: bigint;
  /** closing − expectedClosing. */
  difference: bigint;
}

export interface BankStatement {
  /** CAMT Stmt/Id; CODA `<account>/<year>/<statement number>`. */
  statementId: string;
  /** CAMT ElctrncSeqNb (else LglSeqNb); CODA the statement's sequence number. */
  sequence: string | null;
  account: BankAccount;
  currency: string;
  openingBalance: StatementBalance;
  closingBalance: StatementBalance;
  /** Empty when the caller asked not to keep them (`keepEntries: false`); `entryCount` still counts. */
  entries: BankStatementEntry[];
  entryCount: number;
  balanceCheck: BalanceCheck;
  /** What was read but left aside (an entry not booked, a batch whose details do not add up). */
  notes: string[];
  /** `Stmt[2]` or `line 41`: where the statement starts in the file. */
  location: string;
}

export interface Counterparty {
  name: string | null;
  iban: string | null;
  bic: string | null;
}

/** A reference recognised as the agency's: a valid OGM or RF, and where the bank put it. */
export type RecognisedReference = PaymentReference & { source: 'structured' | 'free-text' };

export interface BankStatementEntry {
  /**
   * The idempotency key within the account: a digest of what identifies the booking (account,
   * booking date, direction, amount, the bank's and the payer's references, the counterparty's
   * account, the communication, its place in a batch), with `#2`, `#3` … for identical twins in
   * one statement. The same booking read from an overlapping statement gets the same id; line
   * numbers and sequence numbers, which differ between files, are not part of it.
   */
  entryId: string;
  /** The bank's own reference (CAMT AcctSvcrRef, CODA positions 11-31). */
  bankReference: string | null;
  bookingDate: CalendarDate;
  valueDate: CalendarDate | null;
  /** Always positive; `direction` says which way. */
  amount: Money;
  direction: EntryDirection;
  /** CAMT RvslInd: the bank reverses an earlier entry (a return, a chargeback). */
  reversal: boolean;
  counterparty: Counterparty;
  structuredReference: RecognisedReference | null;
  /** A structured creditor reference that is no valid OGM or RF (e.g. a Swiss QR reference, a mistyped OGM). */
  unrecognisedReference: string | null;
  /** The free communication (CAMT Ustrd and additional information, CODA free text). */
  remittanceText: string | null;
  /** The payer's end-to-end id when the bank passes it on. */
  endToEndId: string | null;
  /** CAMT Domn/Fmly/SubFmly codes (`PMNT/RCDT/ESCT`) or proprietary code; CODA the 8-digit transaction code. */
  bankTransactionCode: string | null;
  /** One transaction of a booking that holds several (CAMT TxDtls, CODA globalisation details). */
  batch: { bookingReference: string | null; index: number; count: number } | null;
  /** `Stmt[1]/Ntry[3]/NtryDtls[1]/TxDtls[2]` or `line 14`. */
  location: string;
}

// --- building a statement (both readers) ---------------------------------------------------

/** Hears each entry as it is read, with the key of its account (`<account number>/<currency>`), the scope of its id. */
export type EntryListener = (entry: BankStatementEntry, accountKey: string) => void;

/** What a reader knows of an entry before the builder gives it its id. */
export type EntryDraft = Omit<BankStatementEntry, 'entryId'>;

export interface StatementHead {
  statementId: string;
  sequence: string | null;
  account: BankAccount;
  currency: string;
  openingBalance: StatementBalance;
  closingBalance: StatementBalance;
  location: string;
}

/**
 * Collects one statement's entries: totals for the balance check (the booked amounts, so a
 * batch counts once), entry ids, and the entries themselves unless the caller streams them.
 */
export class StatementBuilder {
  private readonly entries: BankStatementEntry[] = [];
  private readonly seen = new Map<string, number>();
  private credits = 0n;
  private debits = 0n;
  private count = 0;
  readonly notes: string[] = [];

  constructor(
    private readonly accountKey: string,
    private readonly keepEntries: boolean,
    private readonly onEntry?: EntryListener,
  ) {}

  /** A booking's amount as the balance counts it (once for a batch, however many transactions). */
  book(direction: EntryDirection, amountMinor: bigint): void {
    if (direction === 'credit') this.credits += amountMinor;
    else this.debits += amountMinor;
  }

  add(draft: EntryDraft): BankStatementEntry {
    const digest = entryDigest(this.accountKey, draft);
    const occurrence = (this.seen.get(digest) ?? 0) + 1;
    this.seen.set(digest, occurrence);
    const entry: BankStatementEntry = { entryId: occurrence === 1 ? digest : `${digest}#${occurrence}`, ...draft };
    this.count++;
    if (this.keepEntries) this.entries.push(entry);
    this.onEntry?.(entry, this.accountKey);
    return entry;
  }

  finish(head: StatementHead): BankStatement {
    const opening = head.openingBalance.amount.amountMinor;
    const closing = head.closingBalance.amount.amountMinor;
    const expectedClosing = opening + this.credits - this.debits;
    return {
      ...head,
      entries: this.entries,
      entryCount: this.count,
      balanceCheck: {
        ok: expectedClosing === closing,
        opening,
        credits: this.credits,
        debits: this.debits,
        expectedClosing,
        closing,
        difference: closing - expectedClosing,
      },
      notes: this.notes,
    };
  }
}

function entryDigest(accountKey: string, e: EntryDraft): string {
  const parts = [
    accountKey,
    e.bookingDate,
    e.direction,
    e.amount.currency,
    e.amount.amountMinor.toString(),
    e.bankReference ?? '',
    e.endToEndId ?? '',
    e.structuredReference?.electronic ?? e.unrecognisedReference ?? '',
    e.counterparty.iban ?? '',
    e.remittanceText ?? '',
    e.batch ? `${e.batch.index}/${e.batch.count}` : '',
  ];
  return createHash('sha256').update(parts.join('\u001f')).digest('hex').slice(0, 32);
}

// --- amounts, references, problems ---------------------------------------------------------

/**
 * A decimal amount ("1234.5", "0.10") in minor units of the currency. Extra decimals are
 * accepted only when they are zeros ("12.300" EUR): anything else cannot be booked exactly.
 * Returns a reason instead of throwing, so the reader can name the element or line.
 */
export function amountMinorOf(text: string, currency: string): bigint | string {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!m) return `"${text}" is not an amount`;
  let digits: number;
  try {
    digits = minorDigits(currency);
  } catch {
    return `"${currency}" is not an ISO 4217 currency`;
  }
  const fraction = m[2] ?? '';
  if (fraction.length > digits && !/^0*$/.test(fraction.slice(digits))) {
    return `"${text}" has more decimals than ${currency} has (${digits})`;
  }
  return BigInt(m[1] + fraction.slice(0, digits).padEnd(digits, '0'));
}

/** The structured reference a bank reports: a valid OGM or RF, or kept as unrecognised. */
export function structuredReferenceOf(
  reference: string,
  issuer: string | null,
): { structuredReference: RecognisedReference | null; unrecognisedReference: string | null } {
  const issuedBy = issuer?.trim().toUpperCase() ?? null;
  const ogm = issuedBy === 'ISO' ? null : parseOgm(reference);
  if (ogm)
    return {
      structuredReference: { scheme: 'ogm', electronic: ogm.digits, formatted: ogm.formatted, source: 'structured' },
      unrecognisedReference: null,
    };
  const rf = issuedBy === 'BBA' ? null : parseCreditorReference(reference);
  if (rf)
    return {
      structuredReference: { scheme: 'rf', electronic: rf.electronic, formatted: rf.formatted, source: 'structured' },
      unrecognisedReference: null,
    };
  const trimmed = reference.trim();
  return { structuredReference: null, unrecognisedReference: trimmed === '' ? null : trimmed };
}

// `+++123/4567/89002+++` or `***…***` with any spacing, or 12 digits standing alone.
const FRAMED_OGM = /(\+{3}|\*{3})\s*(\d{3})\s*[/.]?\s*(\d{4})\s*[/.]?\s*(\d{5})\s*\1/g;
const BARE_OGM = /(?<![\d/])(\d{3})[/ ]?(\d{4})[/ ]?(\d{5})(?![\d/])/g;
const RF_IN_TEXT = /\bRF\d{2}(?: ?[0-9A-Z]{1,4}){1,6}\b/gi;

/**
 * An OGM or RF reference a payer typed into the free communication, if one with valid check
 * digits is there. A framed OGM wins over a bare one; the first valid one wins.
 */
export function referenceInFreeText(text: string): RecognisedReference | null {
  for (const pattern of [FRAMED_OGM, BARE_OGM]) {
    for (const m of text.matchAll(pattern)) {
      const digits = m.slice(-3).join('');
      const ogm = parseOgm(digits);
      if (ogm) return { scheme: 'ogm', electronic: ogm.digits, formatted: ogm.formatted, source: 'free-text' };
    }
  }
  for (const m of text.matchAll(RF_IN_TEXT)) {
    // Printed, an RF reference is groups of four, the last maybe shorter: a short group ends it.
    // The pattern may still take a word after it along ("RF18 5390 0754 7034 DANK"): try it with
    // one group fewer until the check digits hold.
    const groups: string[] = [];
    for (const group of m[0].split(' ')) {
      groups.push(group);
      if (group.length < 4) break;
    }
    for (let n = groups.length; n > 0; n--) {
      const rf = parseCreditorReference(groups.slice(0, n).join(''));
      if (rf) return { scheme: 'rf', electronic: rf.electronic, formatted: rf.formatted, source: 'free-text' };
    }
  }
  return null;
}

/** Problems found while reading a file; past `MAX_PROBLEMS` the reader stops listing them. */
export class ProblemList {
  static readonly MAX_PROBLEMS = 20;
  readonly problems: FieldProblem[] = [];

  add(field: string, reason: string): void {
    if (this.problems.length < ProblemList.MAX_PROBLEMS) this.problems.push({ field, reason });
  }

  get full(): boolean {
    return this.problems.length >= ProblemList.MAX_PROBLEMS;
  }

  /** Throws the one error the caller sees: what is wrong and where, nothing half-read returned. */
  throwIfAny(what: string): void {
    if (this.problems.length === 0) return;
    throw new DomainError('invalid_input', `${what}: ${this.problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}`, this.problems);
  }
}

/** Electronic IBAN form (no spaces, upper case) when the text looks like one, else null. */
export function ibanOf(text: string | null): string | null {
  if (!text) return null;
  const electronic = text.replace(/\s+/g, '').toUpperCase();
  return /^[A-Z]{2}\d{2}[0-9A-Z]{10,30}$/.test(electronic) ? electronic : null;
}

/** Joins the non-empty parts of a communication with single spaces; null when nothing is left. */
export function joinText(parts: readonly (string | null | undefined)[]): string | null {
  const text = parts
    .map((p) => (p ?? '').replace(/\s+/g, ' ').trim())
    .filter((p) => p !== '')
    .join(' ');
  return text === '' ? null : text;
}
