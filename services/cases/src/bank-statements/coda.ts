/**
 * CODA version 2 ("Coded statement of account", the Febelfin standard Belgian banks send):
 * fixed-width records of 128 characters, one statement per run of
 *
 *   0 header · 1 old balance · 21/22/23 movement · 31/32/33 information · 4 free text ·
 *   8 new balance · 9 trailer
 *
 * and any number of such runs per file. Amounts have 12 digits and 3 decimals with a sign code
 * (0 credit, 1 debit); dates are DDMMYY. Positions below are the standard's, 1-based.
 *
 * A movement's transaction code (positions 54-61) starts with its type: 0–3 is an amount booked
 * on the account (1 and 2 totalised by the customer or the bank, 3 with details), 5–9 a detail of
 * such a booking, not counted in the balance or the trailer. A booking whose first-level
 * details add up to it is read as one entry per detail (each has its own payer and structured
 * communication); otherwise as one entry.
 *
 * Checked: every record 128 characters, the record order, numbers and dates where numbers and
 * dates belong, and the trailer's record count and debit and credit totals. Any problem: an
 * error naming the line, nothing returned.
 */
import type { CalendarDate } from '@amicus/calendar';
import { minorDigits } from '@amicus/money';
import {
  ProblemList,
  StatementBuilder,
  ibanOf,
  joinText,
  referenceInFreeText,
  structuredReferenceOf,
  type BankAccount,
  type BankStatement,
  type EntryListener,
  type EntryDirection,
  type EntryDraft,
  type StatementBalance,
} from './bank-statement';

export const CODA_RECORD_LENGTH = 128;

/** The 1-based, inclusive field `from`–`to` of a record. */
const field = (record: string, from: number, to: number): string => record.slice(from - 1, to);

interface Movement {
  line: number;
  sequence: string;
  detail: string;
  bankReference: string;
  direction: EntryDirection;
  /** Thousandths, as CODA writes it. */
  amount: bigint;
  valueDate: CalendarDate | null;
  bookingDate: CalendarDate;
  transactionCode: string;
  /** OGM digits of a structured communication 101/102, else null. */
  structured: string | null;
  /** Free communication, record 21 then its continuations in 22 and 23. */
  text: string[];
  endToEndId: string | null;
  counterparty: { name: string | null; iban: string | null; bic: string | null };
  /** The last information record 31 was structured (name and address …): its 32/33 continue that, not the communication. */
  structuredInformation: boolean;
}

interface Booking {
  head: Movement;
  details: Movement[];
}

/** What a header (record 0) and old balance (record 1) open; closed by records 8 and 9. */
interface OpenStatement {
  line: number;
  messageId: string | null;
  account: BankAccount;
  currency: string;
  paperSequence: string;
  opening: StatementBalance | null;
  closing: StatementBalance | null;
  closingAccount: string | null;
  builder: StatementBuilder | null;
  booking: Booking | null;
  last: Movement | null;
  records: number;
  recordsWithFree: number;
  bookedDebits: bigint;
  bookedCredits: bigint;
}

export interface CodaReadOptions {
  keepEntries?: boolean;
  onEntry?: EntryListener;
}

/**
 * Reads CODA record by record (`line` per record, in order), so that a file of any size passes
 * through in constant memory when the caller streams the entries (`keepEntries: false`).
 */
export class CodaReader {
  readonly statements: BankStatement[] = [];
  readonly problems = new ProblemList();
  messageId: string | null = null;
  private current: OpenStatement | null = null;
  private lastLine = 0;
  private sawTrailer = false;

  constructor(private readonly options: CodaReadOptions = {}) {}

  line(record: string, line: number): void {
    this.lastLine = line;
    if (this.problems.full) return;
    if (record.trim() === '') return; // blank lines between runs or at the end
    if (record.length !== CODA_RECORD_LENGTH) {
      this.problems.add(`line ${line}`, `${record.length} characters; a CODA record has ${CODA_RECORD_LENGTH}`);
      return;
    }
    const type = record[0] as string;
    if (type === '0') return this.header(record, line);
    const statement = this.current;
    if (!statement) {
      this.problems.add(`line ${line}`, `record ${type} before a header record 0`);
      return;
    }
    switch (type) {
      case '1':
        return this.oldBalance(statement, record, line);
      case '2':
      case '3':
        return this.movementOrInformation(statement, record, line);
      case '4':
        statement.recordsWithFree++;
        return;
      case '8':
        return this.newBalance(statement, record, line);
      case '9':
        return this.trailer(statement, record, line);
      default:
        this.problems.add(`line ${line}, position 1`, `"${type}" is no CODA record type (0, 1, 2, 3, 4, 8 or 9)`);
    }
  }

  /** The end of the file: every statement must have been closed by its trailer. */
  finish(): void {
    if (this.current)
      this.problems.add(
        `line ${this.lastLine}`,
        'the file ends before the trailer record 9 of the statement that started on line ' + this.current.line,
      );
    if (!this.sawTrailer && this.statements.length === 0 && !this.current) this.problems.add('line 1', 'no CODA statement in the file');
  }

  private header(record: string, line: number): void {
    if (this.current) {
      this.problems.add(
        `line ${line}`,
        `a header record 0 before the trailer record 9 of the statement that started on line ${this.current.line}`,
      );
      this.current = null;
    }
    const version = field(record, 128, 128);
    if (version !== '2') {
      this.problems.add(
        `line ${line}, position 128`,
        version === '1' ? 'CODA version 1; only version 2 is read' : `version code "${version}"; a CODA 2 header has 2`,
      );
    }
    if (field(record, 2, 5) !== '0000')
      this.problems.add(`line ${line}, positions 2-5`, `"${field(record, 2, 5)}" where a header has 0000`);
    this.date(record, line, 6, 11, 'creation date', false);
    const reference = field(record, 25, 34).trim();
    this.messageId ??= reference === '' ? null : reference;
    this.current = {
      line,
      messageId: reference === '' ? null : reference,
      account: { iban: null, number: '', holderName: null, bic: blankToNull(field(record, 61, 71)) },
      currency: '',
      paperSequence: '',
      opening: null,
      closing: null,
      closingAccount: null,
      builder: null,
      booking: null,
      last: null,
      records: 0,
      recordsWithFree: 0,
      bookedDebits: 0n,
      bookedCredits: 0n,
    };
  }

  private oldBalance(s: OpenStatement, record: string, line: number): void {
    s.records++;
    if (s.opening) {
      this.problems.add(`line ${line}`, `a second old balance record 1 (the first is on line ${s.line + 1})`);
      return;
    }
    const structure = field(record, 2, 2);
    const { number, currency } = accountField(structure, field(record, 6, 42));
    if (number === null) {
      this.problems.add(`line ${line}, position 2`, `account structure "${structure}"; CODA knows 0 to 3`);
      return;
    }
    if (!isCurrency(currency)) this.problems.add(`line ${line}, positions 6-42`, `"${currency}" is not the account's ISO 4217 currency`);
    s.currency = currency;
    s.account = {
      ...s.account,
      number,
      iban: structure === '2' || structure === '3' ? number : null,
      holderName: blankToNull(field(record, 65, 90)),
    };
    s.paperSequence = field(record, 3, 5);
    const amount = this.signedAmount(record, line, 43, 44, 58, currency);
    const date = this.date(record, line, 59, 64, 'old balance date', false);
    if (amount !== null && date) s.opening = { amount: { amountMinor: amount, currency }, date };
    s.builder = new StatementBuilder(`${number}/${currency}`, this.options.keepEntries ?? true, this.options.onEntry);
  }

  private movementOrInformation(s: OpenStatement, record: string, line: number): void {
    s.records++;
    const kind = field(record, 1, 2);
    if (!s.opening || !s.builder) {
      if (!s.builder) this.problems.add(`line ${line}`, `record ${kind} before the old balance record 1`);
      return;
    }
    const sequence = field(record, 3, 6);
    const detail = field(record, 7, 10);
    if (!/^\d{4}$/.test(sequence) || !/^\d{4}$/.test(detail)) {
      this.problems.add(`line ${line}, positions 3-10`, `"${sequence}${detail}" is not a sequence and detail number`);
      return;
    }
    switch (kind) {
      case '21':
        return this.movement(s, record, line, sequence, detail);
      case '22':
      case '23': {
        const last = s.last;
        if (!last || last.sequence !== sequence || last.detail !== detail) {
          this.problems.add(`line ${line}`, `record ${kind} ${sequence}/${detail} does not continue a movement record 21 with that number`);
          return;
        }
        if (kind === '22') {
          last.text.push(field(record, 11, 63));
          const customerReference = field(record, 64, 98).trim();
          if (customerReference !== '' && customerReference !== 'NOTPROVIDED') last.endToEndId = customerReference;
          last.counterparty.bic = blankToNull(field(record, 99, 109));
        } else {
          const account = field(record, 11, 47);
          last.counterparty.iban = ibanOf(account.slice(0, 34));
          last.counterparty.name = blankToNull(field(record, 48, 82));
          last.text.push(field(record, 83, 125));
        }
        return;
      }
      case '31':
      case '32':
      case '33': {
        // Information records belong to the movement before them; their structured kinds (001
        // name and address, …) repeat what 23 says, their free text adds to the communication.
        const last = s.last;
        if (!last || last.sequence !== sequence) {
          this.problems.add(`line ${line}`, `information record ${kind} ${sequence} follows no movement with that sequence number`);
          return;
        }
        if (kind === '31') {
          last.structuredInformation = field(record, 40, 40) === '1';
          if (!last.structuredInformation) last.text.push(field(record, 41, 113));
          if (field(record, 40, 43) === '1001' && !last.counterparty.name)
            last.counterparty.name = blankToNull(field(record, 44, 113).slice(0, 35));
        } else if (!last.structuredInformation) {
          last.text.push(kind === '32' ? field(record, 11, 115) : field(record, 11, 100));
        }
        return;
      }
      default:
        this.problems.add(`line ${line}, positions 1-2`, `"${kind}" is no CODA record (21, 22, 23, 31, 32 or 33)`);
    }
  }

  private movement(s: OpenStatement, record: string, line: number, sequence: string, detail: string): void {
    const sign = field(record, 32, 32);
    const amountText = field(record, 33, 47);
    if ((sign !== '0' && sign !== '1') || !/^\d{15}$/.test(amountText)) {
      this.problems.add(`line ${line}, positions 32-47`, `"${sign}${amountText}" is not a sign code (0 or 1) and a 15-digit amount`);
      return;
    }
    const transactionCode = field(record, 54, 61);
    if (!/^\d{8}$/.test(transactionCode)) {
      this.problems.add(`line ${line}, positions 54-61`, `"${transactionCode}" is not an 8-digit transaction code`);
      return;
    }
    const bookingDate = this.date(record, line, 116, 121, 'entry date', false);
    const valueDate = this.date(record, line, 48, 53, 'value date', true);
    if (!bookingDate) return;
    const communicationType = field(record, 62, 62);
    let structured: string | null = null;
    const text: string[] = [];
    if (communicationType === '1') {
      const kind = field(record, 63, 65);
      // 101: the OGM/VCS, 102: one the bank rebuilt from the payer's free text.
      if (kind === '101' || kind === '102') structured = field(record, 66, 77);
      else text.push(field(record, 66, 115));
    } else if (communicationType === '0') {
      text.push(field(record, 63, 115));
    } else {
      this.problems.add(`line ${line}, position 62`, `communication type "${communicationType}" (0 free, 1 structured)`);
      return;
    }
    const movement: Movement = {
      line,
      sequence,
      detail,
      bankReference: field(record, 11, 31).trim(),
      direction: sign === '0' ? 'credit' : 'debit',
      amount: BigInt(amountText),
      valueDate,
      bookingDate,
      transactionCode,
      structured,
      text,
      endToEndId: null,
      counterparty: { name: null, iban: null, bic: null },
      structuredInformation: false,
    };
    s.last = movement;
    const type = transactionCode[0] as string;
    if (type >= '5') {
      if (!s.booking || s.booking.head.sequence !== sequence) {
        this.problems.add(`line ${line}, position 54`, `a detail (type ${type}) of no booking with sequence number ${sequence}`);
        return;
      }
      s.booking.details.push(movement);
      return;
    }
    this.closeBooking(s);
    s.booking = { head: movement, details: [] };
    if (movement.direction === 'credit') s.bookedCredits += movement.amount;
    else s.bookedDebits += movement.amount;
  }

  private newBalance(s: OpenStatement, record: string, line: number): void {
    s.records++;
    this.closeBooking(s);
    const amount = this.signedAmount(record, line, 42, 43, 57, s.currency);
    const date = this.date(record, line, 58, 63, 'new balance date', false);
    if (amount !== null && date) s.closing = { amount: { amountMinor: amount, currency: s.currency }, date };
    s.closingAccount = field(record, 5, 41);
  }

  private trailer(s: OpenStatement, record: string, line: number): void {
    this.current = null;
    this.sawTrailer = true;
    if (!s.opening || !s.closing || !s.builder) {
      if (!s.closing) this.problems.add(`line ${line}`, 'a trailer record 9 without a new balance record 8 before it');
      return;
    }
    const count = field(record, 17, 22);
    const debits = field(record, 23, 37);
    const credits = field(record, 38, 52);
    if (!/^\d{6}$/.test(count) || !/^\d{15}$/.test(debits) || !/^\d{15}$/.test(credits)) {
      this.problems.add(`line ${line}, positions 17-52`, 'the trailer record count and totals are not numbers');
      return;
    }
    // The standard counts records 1, 2x, 3x and 8; some banks count the free records 4 too.
    if (Number(count) !== s.records && Number(count) !== s.records + s.recordsWithFree) {
      this.problems.add(`line ${line}, positions 17-22`, `the trailer counts ${Number(count)} records; the statement has ${s.records}`);
    }
    if (BigInt(debits) !== s.bookedDebits) {
      this.problems.add(
        `line ${line}, positions 23-37`,
        `the trailer's debit total is ${thousandths(BigInt(debits))}; the movements add up to ${thousandths(s.bookedDebits)}`,
      );
    }
    if (BigInt(credits) !== s.bookedCredits) {
      this.problems.add(
        `line ${line}, positions 38-52`,
        `the trailer's credit total is ${thousandths(BigInt(credits))}; the movements add up to ${thousandths(s.bookedCredits)}`,
      );
    }
    const year = s.closing.date.slice(0, 4);
    if (s.closingAccount !== null && accountKeyOf(s.closingAccount) !== accountKeyOf(s.account.number)) {
      s.builder.notes.push(
        `the new balance record names account ${joinText([s.closingAccount])}, the old balance record ${s.account.number}`,
      );
    }
    this.statements.push(
      s.builder.finish({
        statementId: `${s.account.number}/${year}/${s.paperSequence}`,
        sequence: s.paperSequence,
        account: s.account,
        currency: s.currency,
        openingBalance: s.opening,
        closingBalance: s.closing,
        location: `line ${s.line}`,
      }),
    );
  }

  /** A booking is complete when the next booking, the new balance or the end begins. */
  private closeBooking(s: OpenStatement): void {
    const booking = s.booking;
    s.booking = null;
    if (!booking || !s.builder || this.problems.problems.length > 0) return;
    const { head } = booking;
    s.builder.book(head.direction, this.minor(head.amount, s.currency, head.line) ?? 0n);
    // First-level details: 5 of a 1, 6 of a 2, 8 of a 3 (7 and 9 detail those details again).
    const level = { '1': '5', '2': '6', '3': '8' }[head.transactionCode[0] as string];
    const details = booking.details.filter((d) => d.transactionCode[0] === level);
    const sum = details.reduce((total, d) => total + (d.direction === head.direction ? d.amount : -d.amount), 0n);
    if (details.length > 0 && sum === head.amount) {
      // A detail says only what differs: the booking's counterparty and communication stand for the rest.
      details.forEach((d, index) =>
        this.entry(
          s,
          {
            ...d,
            counterparty: {
              name: d.counterparty.name ?? head.counterparty.name,
              iban: d.counterparty.iban ?? head.counterparty.iban,
              bic: d.counterparty.bic ?? head.counterparty.bic,
            },
            text: d.text.join('').trim() === '' && d.structured === null ? head.text : d.text,
          },
          { bookingReference: blankToNull(head.bankReference), index: index + 1, count: details.length },
        ),
      );
      return;
    }
    if (details.length > 0) {
      s.builder.notes.push(
        `line ${head.line}: ${details.length} details add up to ${thousandths(sum)}, not to the booked ${thousandths(head.amount)}; read as one entry`,
      );
    }
    this.entry(s, head, null);
  }

  private entry(s: OpenStatement, m: Movement, batch: EntryDraft['batch']): void {
    const amountMinor = this.minor(m.amount, s.currency, m.line);
    if (amountMinor === null || !s.builder) return;
    // The communication zones of 21, 22, 23 (and 31, 32, 33) run on without a separator.
    const remittanceText = joinText([m.text.join('')]);
    let reference: Pick<EntryDraft, 'structuredReference' | 'unrecognisedReference'> = {
      structuredReference: null,
      unrecognisedReference: null,
    };
    if (m.structured !== null) reference = structuredReferenceOf(m.structured, 'BBA');
    if (!reference.structuredReference && remittanceText) {
      reference = { ...reference, structuredReference: referenceInFreeText(remittanceText) };
    }
    s.builder.add({
      bankReference: blankToNull(m.bankReference),
      bookingDate: m.bookingDate,
      valueDate: m.valueDate,
      amount: { amountMinor, currency: s.currency },
      direction: m.direction,
      reversal: false,
      counterparty: m.counterparty,
      ...reference,
      remittanceText,
      endToEndId: m.endToEndId,
      bankTransactionCode: m.transactionCode,
      batch,
      location: `line ${m.line}`,
    });
  }

  /** CODA thousandths in the currency's minor units; a problem when they do not divide exactly. */
  private minor(thousandthsAmount: bigint, currency: string, line: number): bigint | null {
    const digits = isCurrency(currency) ? minorDigits(currency) : 2;
    const factor = 10n ** BigInt(3 - Math.min(3, digits));
    if (thousandthsAmount % factor !== 0n) {
      this.problems.add(
        `line ${line}, positions 33-47`,
        `${thousandths(thousandthsAmount)} has more decimals than ${currency} has (${digits})`,
      );
      return null;
    }
    return thousandthsAmount / factor;
  }

  private signedAmount(record: string, line: number, signAt: number, from: number, to: number, currency: string): bigint | null {
    const sign = field(record, signAt, signAt);
    const text = field(record, from, to);
    if ((sign !== '0' && sign !== '1') || !/^\d{15}$/.test(text)) {
      this.problems.add(`line ${line}, positions ${signAt}-${to}`, `"${sign}${text}" is not a sign code (0 or 1) and a 15-digit balance`);
      return null;
    }
    const minor = this.minor(BigInt(text), currency, line);
    return minor === null ? null : sign === '1' ? -minor : minor;
  }

  private date(record: string, line: number, from: number, to: number, name: string, optional: boolean): CalendarDate | null {
    const text = field(record, from, to);
    if (optional && text === '000000') return null;
    const date = codaDate(text);
    if (!date) this.problems.add(`line ${line}, positions ${from}-${to}`, `${name} "${text}" is not a date (DDMMYY)`);
    return date;
  }
}

/** DDMMYY → YYYY-MM-DD; CODA 2 dates are all in this century. */
export function codaDate(text: string): CalendarDate | null {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const iso = `20${m[3]}-${m[2]}-${m[1]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

/**
 * The account number and currency of records 1 and 8 (positions 6-42 of record 1) by the
 * account structure: 0 Belgian number, 1 foreign number, 2 Belgian IBAN, 3 foreign IBAN.
 */
function accountField(structure: string, zone: string): { number: string | null; currency: string } {
  switch (structure) {
    case '0':
      return { number: zone.slice(0, 12), currency: zone.slice(13, 16) };
    case '1':
    case '3':
      return { number: zone.slice(0, 34).trim(), currency: zone.slice(34, 37) };
    case '2':
      return { number: zone.slice(0, 16), currency: zone.slice(34, 37) };
    default:
      return { number: null, currency: '' };
  }
}

const accountKeyOf = (zone: string): string => zone.replace(/\s+/g, '').slice(0, 16);
const blankToNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());
const thousandths = (amount: bigint): string => `${amount / 1000n}.${(amount % 1000n).toString().padStart(3, '0')}`;

function isCurrency(code: string): boolean {
  try {
    minorDigits(code);
    return true;
  } catch {
    return false;
  }
}
