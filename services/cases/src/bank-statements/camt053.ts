/**
 * CAMT.053 (ISO 20022 BankToCustomerStatement), versions camt.053.001.02 to .13: the same
 * reading for all, where the versions differ the reader takes either form (a party's name as
 * `Dbtr/Nm` up to .07 and `Dbtr/Pty/Nm` from .08, a status as `Sts` text or `Sts/Cd`, an
 * amount per transaction from .04 on, `BIC` or `BICFI`).
 *
 * Streaming: saxes (a SAX parser, no DOM of the file) feeds a small tree of one `Ntry` at a
 * time, which becomes entries and is dropped, so a 100,000-entry file is read in the memory of
 * its entries (or of one entry, when the caller streams them). saxes expands no external
 * entities, so a statement cannot make the parser read files or the network.
 *
 * A booking with several transactions (`NtryDtls/TxDtls`) whose amounts add up to it becomes
 * one entry per transaction, each with its own payer and reference; the balance check counts
 * the booking once. Only booked entries (`Sts` BOOK) count; others are noted and left out.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { CalendarDate } from '@amicus/calendar';
import { isCalendarDate } from '@amicus/calendar';
import {
  ProblemList,
  StatementBuilder,
  amountMinorOf,
  ibanOf,
  joinText,
  referenceInFreeText,
  structuredReferenceOf,
  type BankAccount,
  type BankStatement,
  type EntryListener,
  type Counterparty,
  type EntryDirection,
  type EntryDraft,
  type StatementBalance,
} from './bank-statement';

const CAMT053_NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.(\d{2})$/;
const OTHER_ISO20022 = /^urn:iso:std:iso:20022:tech:xsd:([a-z]{4}\.\d{3}\.\d{3}\.\d{2})$/;
export const CAMT053_VERSIONS = { first: 2, last: 13 } as const;

/** One element of the part of the file being read (a `Ntry`, a `Bal`, the `Acct` …). */
interface XmlNode {
  name: string;
  ccy: string | null;
  text: string;
  children: XmlNode[];
  parent: XmlNode | null;
  line: number;
}

export interface Camt053ReadOptions {
  keepEntries?: boolean;
  onEntry?: EntryListener;
}

interface OpenStatement {
  index: number;
  line: number;
  head: XmlNode[];
  counts: Map<string, number>;
  builder: StatementBuilder | null;
  currency: string | null;
}

/** Reads a CAMT.053 document pushed to it as text, piece by piece (`write`, then `finish`). */
export class Camt053Reader {
  readonly statements: BankStatement[] = [];
  readonly problems = new ProblemList();
  version: string | null = null;
  messageId: string | null = null;
  private readonly parser = new SaxesParser({ xmlns: true, position: true });
  private readonly names: string[] = [];
  private statementCount = 0;
  private statement: OpenStatement | null = null;
  private capture: XmlNode | null = null;
  private captureBase = '';
  private captureDepth = 0;
  private stopped = false;

  constructor(private readonly options: Camt053ReadOptions = {}) {
    this.parser.on('opentag', (tag) => this.open(tag));
    this.parser.on('closetag', () => this.close());
    this.parser.on('text', (text) => this.text(text));
    this.parser.on('cdata', (text) => this.text(text));
  }

  write(chunk: string): void {
    if (this.stopped) return;
    try {
      this.parser.write(chunk);
    } catch (error) {
      this.syntaxError(error);
    }
  }

  finish(): void {
    if (!this.stopped) {
      try {
        this.parser.close();
      } catch (error) {
        this.syntaxError(error);
      }
    }
    if (!this.stopped && this.version !== null && this.statementCount === 0) {
      this.problems.add('Document/BkToCstmrStmt', 'no Stmt: the file holds no statement');
    }
  }

  private syntaxError(error: unknown): void {
    this.stopped = true;
    const message = error instanceof Error ? error.message : String(error);
    // saxes says "file:line:column: message"; the path says where in the statement that is.
    const reason = message.replace(/^[^:]*:\d+:\d+: /, '');
    this.problems.add(
      `${this.names.join('/') || 'the document'} (line ${this.parser.line}, column ${this.parser.column + 1})`,
      `not well-formed XML: ${reason}`,
    );
  }

  private stop(field: string, reason: string): void {
    this.problems.add(field, reason);
    // The first problem of this kind says it all: `write` feeds the parser no further.
    this.stopped = true;
  }

  private open(tag: SaxesTagNS): void {
    const name = tag.local;
    const depth = this.names.push(name);
    if (depth === 1) return this.root(tag);
    if (this.stopped) return;
    if (depth === 2) {
      if (name !== 'BkToCstmrStmt') this.stop(`Document/${name} (line ${this.parser.line})`, 'a camt.053 Document holds BkToCstmrStmt');
      return;
    }
    if (depth === 3) {
      if (name === 'Stmt') {
        this.statementCount++;
        this.statement = { index: this.statementCount, line: this.parser.line, head: [], counts: new Map(), builder: null, currency: null };
      } else if (name === 'GrpHdr') {
        this.capture = this.node(name, tag, null);
        this.captureDepth = depth;
        this.captureBase = 'Document/BkToCstmrStmt/GrpHdr';
      }
      return;
    }
    if (depth === 4 && this.statement) {
      const count = (this.statement.counts.get(name) ?? 0) + 1;
      this.statement.counts.set(name, count);
      this.capture = this.node(name, tag, null);
      this.captureDepth = depth;
      this.captureBase = `Document/BkToCstmrStmt/Stmt[${this.statement.index}]/${name}[${count}]`;
      return;
    }
    if (this.capture) {
      const child = this.node(name, tag, this.capture);
      this.capture.children.push(child);
      this.capture = child;
    }
  }

  private root(tag: SaxesTagNS): void {
    const version = CAMT053_NAMESPACE.exec(tag.uri);
    if (tag.local === 'Document' && version) {
      const n = Number(version[1]);
      if (n < CAMT053_VERSIONS.first || n > CAMT053_VERSIONS.last) {
        this.stop(
          'Document',
          `namespace ${tag.uri}: camt.053.001.${version[1]} is not a version this reader knows (02 to ${CAMT053_VERSIONS.last})`,
        );
        return;
      }
      this.version = `camt.053.001.${version[1]}`;
      return;
    }
    const other = OTHER_ISO20022.exec(tag.uri);
    this.stop(
      tag.local,
      other
        ? `an ISO 20022 ${other[1]} message, not a camt.053 bank statement`
        : `root element ${tag.local}${tag.uri ? ` in namespace ${tag.uri}` : ' without a namespace'}: a camt.053 statement is a Document in urn:iso:std:iso:20022:tech:xsd:camt.053.001.xx`,
    );
  }

  private node(name: string, tag: SaxesTagNS, parent: XmlNode | null): XmlNode {
    const ccy = tag.attributes['Ccy'];
    return { name, ccy: ccy ? ccy.value : null, text: '', children: [], parent, line: this.parser.line };
  }

  private text(text: string): void {
    if (this.capture && !this.stopped && text.trim() !== '') this.capture.text += text;
  }

  private close(): void {
    const depth = this.names.length;
    const name = this.names.pop();
    if (this.stopped) return;
    if (this.capture && depth > this.captureDepth) {
      this.capture = this.capture.parent;
      return;
    }
    if (this.capture && depth === this.captureDepth) {
      const node = this.capture;
      this.capture = null;
      if (name === 'GrpHdr') this.messageId = textOf(node, 'MsgId');
      else if (!this.statement) return;
      else if (name === 'Ntry') this.entry(this.statement, node);
      else this.statement.head.push(node);
      return;
    }
    if (depth === 3 && name === 'Stmt' && this.statement) {
      this.finishStatement(this.statement);
      this.statement = null;
    }
  }

  // --- a statement's head: account, currency, balances ---------------------------------------

  private account(s: OpenStatement): { account: BankAccount; currency: string | null } {
    const acct = s.head.find((n) => n.name === 'Acct');
    const id = acct ? (textOf(acct, 'Id', 'IBAN') ?? textOf(acct, 'Id', 'Othr', 'Id')) : null;
    const iban = ibanOf(acct ? textOf(acct, 'Id', 'IBAN') : null) ?? ibanOf(id);
    return {
      account: {
        iban,
        number: iban ?? id ?? '',
        holderName: acct ? (textOf(acct, 'Ownr', 'Nm') ?? textOf(acct, 'Ownr', 'Pty', 'Nm') ?? textOf(acct, 'Nm')) : null,
        bic: acct ? (textOf(acct, 'Svcr', 'FinInstnId', 'BIC') ?? textOf(acct, 'Svcr', 'FinInstnId', 'BICFI')) : null,
      },
      currency: acct ? textOf(acct, 'Ccy') : null,
    };
  }

  private builderFor(s: OpenStatement, firstEntryCurrency: string | null): StatementBuilder {
    if (s.builder) return s.builder;
    const { account, currency } = this.account(s);
    const opening = s.head.find((n) => n.name === 'Bal' && OPENING.has(balanceType(n) ?? ''));
    s.currency = currency ?? (opening ? child(opening, 'Amt')?.ccy : null) ?? firstEntryCurrency;
    s.builder = new StatementBuilder(`${account.number}/${s.currency ?? ''}`, this.options.keepEntries ?? true, this.options.onEntry);
    return s.builder;
  }

  private balance(s: OpenStatement, types: ReadonlySet<string>, what: string): StatementBalance | null {
    const base = `Document/BkToCstmrStmt/Stmt[${s.index}]`;
    const index = s.head.filter((n) => n.name === 'Bal').findIndex((n) => types.has(balanceType(n) ?? ''));
    if (index < 0) {
      this.problems.add(base, `no ${what} balance (Bal with Tp/CdOrPrtry/Cd ${[...types].join(' or ')})`);
      return null;
    }
    const bal = s.head.filter((n) => n.name === 'Bal')[index] as XmlNode;
    const at = `${base}/Bal[${index + 1}]`;
    const amount = this.signedAmount(bal, at, s.currency);
    const date = this.date(bal, 'Dt', at);
    if (amount === null || date === null) return null;
    return { amount: { amountMinor: amount, currency: s.currency as string }, date };
  }

  private finishStatement(s: OpenStatement): void {
    const builder = this.builderFor(s, null);
    const base = `Document/BkToCstmrStmt/Stmt[${s.index}]`;
    const statementId = textOf({ name: 'Stmt', ccy: null, text: '', children: s.head, parent: null, line: s.line }, 'Id');
    if (!statementId) this.problems.add(base, 'no Id');
    if (!s.currency) {
      this.problems.add(`${base}/Acct`, 'no currency: neither Acct/Ccy nor a balance or entry in a currency');
      return;
    }
    const opening = this.balance(s, OPENING, 'opening');
    const closing = this.balance(s, CLOSING, 'closing');
    const { account } = this.account(s);
    if (!account.number) this.problems.add(`${base}/Acct`, 'no account: Acct/Id/IBAN or Acct/Id/Othr/Id');
    if (!opening || !closing || !statementId || this.problems.problems.length > 0) return;
    const head = { name: 'Stmt', ccy: null, text: '', children: s.head, parent: null, line: s.line };
    this.statements.push(
      builder.finish({
        statementId,
        sequence: textOf(head, 'ElctrncSeqNb') ?? textOf(head, 'LglSeqNb'),
        account,
        currency: s.currency,
        openingBalance: opening,
        closingBalance: closing,
        location: `Stmt[${s.index}]`,
      }),
    );
  }

  // --- an entry ------------------------------------------------------------------------------

  private entry(s: OpenStatement, ntry: XmlNode): void {
    const base = this.captureBase;
    const location = base.replace('Document/BkToCstmrStmt/', '');
    const amountNode = child(ntry, 'Amt');
    const builder = this.builderFor(s, amountNode?.ccy ?? null);
    const currency = s.currency as string;
    if (!amountNode) return this.problems.add(`${base}/Amt`, 'missing: an entry has an amount');
    if (amountNode.ccy !== currency) {
      return this.problems.add(
        `${base}/Amt (line ${amountNode.line})`,
        `currency ${amountNode.ccy ?? '(none)'}; the statement's account is in ${currency}`,
      );
    }
    const amount = amountMinorOf(amountNode.text, currency);
    if (typeof amount === 'string') return this.problems.add(`${base}/Amt (line ${amountNode.line})`, amount);
    const direction = this.direction(ntry, base);
    if (!direction) return;
    const status = textOf(ntry, 'Sts', 'Cd') ?? textOf(ntry, 'Sts', 'Prtry') ?? textOf(ntry, 'Sts');
    if (status !== null && status !== 'BOOK') {
      builder.notes.push(`${location}: status ${status}, not booked; left out`);
      return;
    }
    const bookingDate = this.date(ntry, 'BookgDt', base);
    if (!bookingDate) return;
    const valueDate = child(ntry, 'ValDt') ? this.date(ntry, 'ValDt', base) : null;
    builder.book(direction, amount);

    const booking = {
      bankReference: textOf(ntry, 'AcctSvcrRef') ?? textOf(ntry, 'NtryRef'),
      bookingDate,
      valueDate,
      reversal: textOf(ntry, 'RvslInd') === 'true',
      bankTransactionCode: transactionCode(ntry),
    };
    const transactions = children(ntry, 'NtryDtls').flatMap((d, i) =>
      children(d, 'TxDtls').map((tx, j) => ({ tx, location: `${location}/NtryDtls[${i + 1}]/TxDtls[${j + 1}]` })),
    );
    const additional = textOf(ntry, 'AddtlNtryInf');

    if (transactions.length > 1) {
      const amounts = transactions.map(({ tx }) => transactionAmount(tx, currency, direction));
      const sum = amounts.reduce<bigint | null>((total, a) => (total === null || a === null ? null : total + a), 0n);
      if (sum === amount && amounts.every((a) => a !== null && a > 0n)) {
        transactions.forEach(({ tx, location: at }, index) =>
          builder.add({
            ...booking,
            ...this.transaction(tx, direction, additional),
            bankReference: textOf(tx, 'Refs', 'AcctSvcrRef') ?? booking.bankReference,
            amount: { amountMinor: amounts[index] as bigint, currency },
            direction,
            batch: { bookingReference: booking.bankReference, index: index + 1, count: transactions.length },
            location: at,
          }),
        );
        return;
      }
      builder.notes.push(
        `${location}: ${transactions.length} transactions whose amounts do not add up to the booked amount; read as one entry`,
      );
      builder.add({
        ...booking,
        amount: { amountMinor: amount, currency },
        direction,
        counterparty: { name: null, iban: null, bic: null },
        structuredReference: null,
        unrecognisedReference: null,
        remittanceText: joinText([...transactions.map(({ tx }) => this.transaction(tx, direction, null).remittanceText), additional]),
        endToEndId: null,
        batch: null,
        location,
      });
      return;
    }
    const only = transactions[0];
    builder.add({
      ...booking,
      ...(only
        ? this.transaction(only.tx, direction, additional)
        : { ...NO_PARTY, ...freeTextReference(additional), remittanceText: additional, endToEndId: null }),
      amount: { amountMinor: amount, currency },
      direction,
      batch: null,
      location,
    });
  }

  /** The payer (of a credit) or payee (of a debit), the references and the communication. */
  private transaction(
    tx: XmlNode,
    direction: EntryDirection,
    additional: string | null,
  ): Pick<EntryDraft, 'counterparty' | 'structuredReference' | 'unrecognisedReference' | 'remittanceText' | 'endToEndId'> {
    const side = direction === 'credit' ? 'Dbtr' : 'Cdtr';
    const parties = child(tx, 'RltdPties');
    const agents = child(tx, 'RltdAgts');
    const counterparty: Counterparty = {
      name: parties
        ? (textOf(parties, side, 'Nm') ??
          textOf(parties, side, 'Pty', 'Nm') ??
          textOf(parties, `Ultmt${side}`, 'Nm') ??
          textOf(parties, `Ultmt${side}`, 'Pty', 'Nm'))
        : null,
      iban: parties ? ibanOf(textOf(parties, `${side}Acct`, 'Id', 'IBAN') ?? textOf(parties, `${side}Acct`, 'Id', 'Othr', 'Id')) : null,
      bic: agents ? (textOf(agents, `${side}Agt`, 'FinInstnId', 'BIC') ?? textOf(agents, `${side}Agt`, 'FinInstnId', 'BICFI')) : null,
    };
    const remittance = child(tx, 'RmtInf');
    const unstructured = remittance ? children(remittance, 'Ustrd').map((u) => u.text) : [];
    const remittanceText = joinText([...unstructured, textOf(tx, 'AddtlTxInf'), additional]);
    let reference: Pick<EntryDraft, 'structuredReference' | 'unrecognisedReference'> = {
      structuredReference: null,
      unrecognisedReference: null,
    };
    for (const strd of remittance ? children(remittance, 'Strd') : []) {
      const info = child(strd, 'CdtrRefInf');
      const ref = info ? textOf(info, 'Ref') : null;
      if (!info || !ref) continue;
      reference = structuredReferenceOf(ref, textOf(info, 'Tp', 'Issr'));
      if (reference.structuredReference) break;
    }
    if (!reference.structuredReference) {
      const inText = freeTextReference(joinText(unstructured));
      if (inText.structuredReference) reference = { ...reference, structuredReference: inText.structuredReference };
    }
    const endToEnd = textOf(tx, 'Refs', 'EndToEndId');
    return { counterparty, ...reference, remittanceText, endToEndId: endToEnd && endToEnd !== 'NOTPROVIDED' ? endToEnd : null };
  }

  private direction(node: XmlNode, base: string): EntryDirection | null {
    const indicator = textOf(node, 'CdtDbtInd');
    if (indicator === 'CRDT') return 'credit';
    if (indicator === 'DBIT') return 'debit';
    this.problems.add(`${base}/CdtDbtInd`, indicator === null ? 'missing' : `"${indicator}"; CRDT or DBIT`);
    return null;
  }

  private signedAmount(bal: XmlNode, at: string, currency: string | null): bigint | null {
    const amt = child(bal, 'Amt');
    if (!amt) {
      this.problems.add(`${at}/Amt`, 'missing');
      return null;
    }
    if (currency !== null && amt.ccy !== currency) {
      this.problems.add(`${at}/Amt (line ${amt.line})`, `currency ${amt.ccy ?? '(none)'}; the statement's account is in ${currency}`);
      return null;
    }
    const amount = amountMinorOf(amt.text, amt.ccy ?? '');
    if (typeof amount === 'string') {
      this.problems.add(`${at}/Amt (line ${amt.line})`, amount);
      return null;
    }
    const direction = this.direction(bal, at);
    return direction === null ? null : direction === 'debit' ? -amount : amount;
  }

  /** `<X><Dt>2024-01-31</Dt></X>` or `<X><DtTm>2024-01-31T10:00:00+01:00</DtTm></X>`: the day the bank wrote. */
  private date(node: XmlNode, name: string, base: string): CalendarDate | null {
    const holder = child(node, name);
    const text = holder ? (textOf(holder, 'Dt') ?? textOf(holder, 'DtTm')?.slice(0, 10) ?? null) : null;
    if (text !== null && isCalendarDate(text)) return text;
    this.problems.add(`${base}/${name}`, text === null ? 'missing: Dt or DtTm' : `"${text}" is not a date`);
    return null;
  }
}

const OPENING: ReadonlySet<string> = new Set(['OPBD', 'PRCD']);
const CLOSING: ReadonlySet<string> = new Set(['CLBD']);
const NO_PARTY = { counterparty: { name: null, iban: null, bic: null } } as const;

const balanceType = (bal: XmlNode): string | null => textOf(bal, 'Tp', 'CdOrPrtry', 'Cd');

function freeTextReference(text: string | null): Pick<EntryDraft, 'structuredReference' | 'unrecognisedReference'> {
  return { structuredReference: text ? referenceInFreeText(text) : null, unrecognisedReference: null };
}

/** A transaction's amount in the entry's currency, signed against the booking's direction; null when the bank gives none. */
function transactionAmount(tx: XmlNode, currency: string, bookingDirection: EntryDirection): bigint | null {
  const candidates = [child(tx, 'Amt'), descendant(tx, 'AmtDtls', 'TxAmt', 'Amt'), descendant(tx, 'AmtDtls', 'CntrValAmt', 'Amt')];
  const amt = candidates.find((a) => a && a.ccy === currency);
  if (!amt) return null;
  const amount = amountMinorOf(amt.text, currency);
  if (typeof amount === 'string') return null;
  const indicator = textOf(tx, 'CdtDbtInd');
  const direction = indicator === 'CRDT' ? 'credit' : indicator === 'DBIT' ? 'debit' : bookingDirection;
  return direction === bookingDirection ? amount : -amount;
}

function transactionCode(ntry: XmlNode): string | null {
  const code = child(ntry, 'BkTxCd');
  if (!code) return null;
  const domain = textOf(code, 'Domn', 'Cd');
  if (domain) return [domain, textOf(code, 'Domn', 'Fmly', 'Cd'), textOf(code, 'Domn', 'Fmly', 'SubFmlyCd')].filter(Boolean).join('/');
  return textOf(code, 'Prtry', 'Cd');
}

function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

function children(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

function descendant(node: XmlNode, ...path: string[]): XmlNode | undefined {
  let at: XmlNode | undefined = node;
  for (const name of path) at = at ? child(at, name) : undefined;
  return at;
}

/** The trimmed text at a path below the node; null when absent or blank. */
function textOf(node: XmlNode, ...path: string[]): string | null {
  const at = descendant(node, ...path);
  const text = at?.text.trim() ?? '';
  return text === '' ? null : text;
}
