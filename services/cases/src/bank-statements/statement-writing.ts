/**
 * Writing statements as a bank would send them, CAMT.053 (any version 02–13) or CODA 2: for the
 * demo and the whole-system tests (a credit with a case's OGM), the benchmark's 100,000-entry
 * files, and the readers' round-trip tests. Both writers take the entries as an iterable and
 * yield the file piece by piece, so a large file never has to be in memory.
 *
 * Consecutive entries with the same `batch` become one booking (CAMT one `Ntry` with several
 * `TxDtls`, CODA a type-1 booking with type-5 details), as the readers read them back.
 */
import { formatAmount, minorDigits, type Money } from '@amicus/money';
import type { BankStatement, BankStatementEntry, StatementBalance } from './bank-statement';

export type EntryToWrite = Pick<
  BankStatementEntry,
  | 'bankReference'
  | 'bookingDate'
  | 'valueDate'
  | 'amount'
  | 'direction'
  | 'reversal'
  | 'counterparty'
  | 'structuredReference'
  | 'remittanceText'
  | 'endToEndId'
  | 'batch'
>;

export type StatementToWrite = Pick<
  BankStatement,
  'statementId' | 'sequence' | 'account' | 'currency' | 'openingBalance' | 'closingBalance'
> & {
  entries: Iterable<EntryToWrite>;
};

/** Groups consecutive entries of one batch into a booking. */
function* bookings(entries: Iterable<EntryToWrite>): Generator<EntryToWrite[]> {
  let open: EntryToWrite[] = [];
  for (const entry of entries) {
    const last = open[open.length - 1];
    if (last && !(entry.batch && last.batch && entry.batch.index === last.batch.index + 1 && entry.batch.count === last.batch.count)) {
      yield open;
      open = [];
    }
    open.push(entry);
    if (!entry.batch || entry.batch.index === entry.batch.count) {
      yield open;
      open = [];
    }
  }
  if (open.length > 0) yield open;
}

const sum = (entries: EntryToWrite[]): bigint => entries.reduce((total, e) => total + e.amount.amountMinor, 0n);

// --- CAMT.053 --------------------------------------------------------------------------------

const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);

/** Yields a camt.053.001.<version> document. */
export function* camt053Chunks(messageId: string, statements: Iterable<StatementToWrite>, version = 8): Generator<string> {
  const v = String(version).padStart(2, '0');
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.${v}">\n<BkToCstmrStmt>\n`;
  yield `<GrpHdr><MsgId>${escapeXml(messageId)}</MsgId><CreDtTm>2025-01-01T00:00:00</CreDtTm></GrpHdr>\n`;
  for (const s of statements) {
    yield `<Stmt><Id>${escapeXml(s.statementId)}</Id>${s.sequence ? `<ElctrncSeqNb>${escapeXml(s.sequence)}</ElctrncSeqNb>` : ''}<CreDtTm>2025-01-01T00:00:00</CreDtTm>\n`;
    const bic = version >= 4 ? 'BICFI' : 'BIC';
    yield `<Acct><Id><IBAN>${escapeXml(s.account.iban ?? s.account.number)}</IBAN></Id><Ccy>${s.currency}</Ccy>${
      s.account.holderName ? `<Ownr><Nm>${escapeXml(s.account.holderName)}</Nm></Ownr>` : ''
    }${s.account.bic ? `<Svcr><FinInstnId><${bic}>${s.account.bic}</${bic}></FinInstnId></Svcr>` : ''}</Acct>\n`;
    yield camtBalance('OPBD', s.openingBalance);
    yield camtBalance('CLBD', s.closingBalance);
    let batch = '';
    let size = 0;
    for (const booking of bookings(s.entries)) {
      batch += camtEntry(booking, version);
      if (++size === 500) {
        yield batch;
        batch = '';
        size = 0;
      }
    }
    yield batch;
    yield `</Stmt>\n`;
  }
  yield `</BkToCstmrStmt>\n</Document>\n`;
}

const camtAmount = (m: Money): string =>
  `<Amt Ccy="${m.currency}">${formatAmount({ amountMinor: m.amountMinor < 0n ? -m.amountMinor : m.amountMinor, currency: m.currency })}</Amt>`;
const indicator = (credit: boolean): string => `<CdtDbtInd>${credit ? 'CRDT' : 'DBIT'}</CdtDbtInd>`;

function camtBalance(type: string, b: StatementBalance): string {
  return `<Bal><Tp><CdOrPrtry><Cd>${type}</Cd></CdOrPrtry></Tp>${camtAmount(b.amount)}${indicator(b.amount.amountMinor >= 0n)}<Dt><Dt>${b.date}</Dt></Dt></Bal>\n`;
}

function camtEntry(booking: EntryToWrite[], version: number): string {
  const first = booking[0] as EntryToWrite;
  const isBatch = booking.length > 1 || first.batch !== null;
  const bookingReference = isBatch ? first.batch?.bookingReference : first.bankReference;
  const status = version >= 7 ? '<Sts><Cd>BOOK</Cd></Sts>' : '<Sts>BOOK</Sts>';
  let xml = `<Ntry>${camtAmount({ amountMinor: sum(booking), currency: first.amount.currency })}${indicator(first.direction === 'credit')}`;
  xml += `${first.reversal ? '<RvslInd>true</RvslInd>' : ''}${status}<BookgDt><Dt>${first.bookingDate}</Dt></BookgDt>`;
  xml += first.valueDate ? `<ValDt><Dt>${first.valueDate}</Dt></ValDt>` : '';
  xml += bookingReference ? `<AcctSvcrRef>${escapeXml(bookingReference)}</AcctSvcrRef>` : '';
  xml += `<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>${first.direction === 'credit' ? 'RCDT' : 'ICDT'}</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>`;
  xml += `<NtryDtls>${isBatch ? `<Btch><NbOfTxs>${booking.length}</NbOfTxs></Btch>` : ''}`;
  for (const e of booking) xml += camtTransaction(e, version, isBatch);
  return `${xml}</NtryDtls></Ntry>\n`;
}

function camtTransaction(e: EntryToWrite, version: number, isBatch: boolean): string {
  const side = e.direction === 'credit' ? 'Dbtr' : 'Cdtr';
  const party = (name: string) => (version >= 8 ? `<Pty><Nm>${escapeXml(name)}</Nm></Pty>` : `<Nm>${escapeXml(name)}</Nm>`);
  let xml = '<TxDtls><Refs>';
  xml += isBatch && e.bankReference ? `<AcctSvcrRef>${escapeXml(e.bankReference)}</AcctSvcrRef>` : '';
  xml += `<EndToEndId>${escapeXml(e.endToEndId ?? 'NOTPROVIDED')}</EndToEndId></Refs>`;
  xml +=
    version >= 4
      ? `${camtAmount(e.amount)}${indicator(e.direction === 'credit')}`
      : `<AmtDtls><TxAmt>${camtAmount(e.amount)}</TxAmt></AmtDtls>`;
  const { name, iban, bic } = e.counterparty;
  if (name || iban) {
    xml += `<RltdPties>${name ? `<${side}>${party(name)}</${side}>` : ''}${iban ? `<${side}Acct><Id><IBAN>${iban}</IBAN></Id></${side}Acct>` : ''}</RltdPties>`;
  }
  if (bic) {
    const tag = version >= 4 ? 'BICFI' : 'BIC';
    xml += `<RltdAgts><${side}Agt><FinInstnId><${tag}>${bic}</${tag}></FinInstnId></${side}Agt></RltdAgts>`;
  }
  const ref = e.structuredReference;
  const structured = ref && ref.source === 'structured';
  // A reference the payer typed is part of the remittance text already.
  const texts = e.remittanceText ? [e.remittanceText] : [];
  if (texts.length > 0 || structured) {
    xml += '<RmtInf>';
    for (const text of texts) xml += `<Ustrd>${escapeXml(text)}</Ustrd>`;
    if (ref && structured) {
      xml += `<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>${ref.scheme === 'ogm' ? 'BBA' : 'ISO'}</Issr></Tp><Ref>${ref.electronic}</Ref></CdtrRefInf></Strd>`;
    }
    xml += '</RmtInf>';
  }
  return `${xml}</TxDtls>`;
}

// --- CODA 2 ----------------------------------------------------------------------------------

/** A 128-character record from [position, text] pairs (1-based positions, as the standard). */
function record(...fields: [number, string][]): string {
  let line = ' '.repeat(128);
  for (const [at, text] of fields) line = line.slice(0, at - 1) + text + line.slice(at - 1 + text.length);
  return line.slice(0, 128);
}

const ddmmyy = (date: string): string => `${date.slice(8, 10)}${date.slice(5, 7)}${date.slice(2, 4)}`;
const pad = (text: string, length: number): string => text.slice(0, length).padEnd(length, ' ');
function digits(n: bigint | number, length: number): string {
  const text = n.toString().padStart(length, '0');
  if (text.length > length) throw new RangeError(`${n} does not fit CODA's ${length} digits`);
  return text;
}

/** CODA's 15 digits with 3 decimals from minor units. */
function thousandths(m: Money): bigint {
  const d = minorDigits(m.currency);
  const abs = m.amountMinor < 0n ? -m.amountMinor : m.amountMinor;
  return abs * 10n ** BigInt(3 - d);
}

/** Yields CODA 2 records (CRLF-terminated), one header-to-trailer run per statement. */
export function* codaLines(statements: Iterable<StatementToWrite>, created = '2025-01-01'): Generator<string> {
  for (const s of statements) {
    const account = s.account.iban ?? s.account.number;
    const structure = s.account.iban ? (account.startsWith('BE') ? '2' : '3') : '1';
    const accountZone = structure === '2' ? pad(account, 34) + s.currency : pad(account, 34) + s.currency;
    const paper = digits(Number(s.sequence ?? 1) % 1000, 3);
    yield (
      record(
        [1, '00000'],
        [6, ddmmyy(created)],
        [12, '300'],
        [15, '05'],
        [25, pad(s.statementId, 10)],
        [35, pad(s.account.holderName ?? '', 26)],
        [61, pad(s.account.bic ?? '', 11)],
        [128, '2'],
      ) + '\r\n'
    );
    yield (
      record(
        [1, '1'],
        [2, structure],
        [3, paper],
        [6, accountZone],
        [43, s.openingBalance.amount.amountMinor < 0n ? '1' : '0'],
        [44, digits(thousandths(s.openingBalance.amount), 15)],
        [59, ddmmyy(s.openingBalance.date)],
        [65, pad(s.account.holderName ?? '', 26)],
        [126, paper],
      ) + '\r\n'
    );
    let records = 1;
    let debits = 0n;
    let credits = 0n;
    let sequence = 0;
    let chunk = '';
    for (const booking of bookings(s.entries)) {
      sequence++;
      const first = booking[0] as EntryToWrite;
      const total = { amountMinor: sum(booking), currency: first.amount.currency };
      if (first.direction === 'credit') credits += thousandths(total);
      else debits += thousandths(total);
      if (booking.length === 1 && !first.batch) {
        chunk += codaMovement(first, sequence, 0, '0', first.bankReference, paper);
        records += 3;
      } else {
        // The booking (type 1, totalised by the customer) and its details (type 5).
        chunk +=
          record(
            [1, '21'],
            [3, digits(sequence, 4)],
            [7, '0000'],
            [11, pad(first.batch?.bookingReference ?? '', 21)],
            [32, first.direction === 'credit' ? '0' : '1'],
            [33, digits(thousandths(total), 15)],
            [48, first.valueDate ? ddmmyy(first.valueDate) : '000000'],
            [54, '10150000'],
            [62, '0'],
            [116, ddmmyy(first.bookingDate)],
            [122, paper],
            [125, '1'],
            [126, '0'],
            [128, '0'],
          ) + '\r\n';
        records += 1;
        booking.forEach((e, i) => {
          chunk += codaMovement(e, sequence, i + 1, '5', e.bankReference, paper);
          records += 3;
        });
      }
      if (chunk.length > 1 << 16) {
        yield chunk;
        chunk = '';
      }
    }
    yield chunk;
    records += 1;
    yield (
      record(
        [1, '8'],
        [2, paper],
        [5, accountZone],
        [42, s.closingBalance.amount.amountMinor < 0n ? '1' : '0'],
        [43, digits(thousandths(s.closingBalance.amount), 15)],
        [58, ddmmyy(s.closingBalance.date)],
        [128, '0'],
      ) + '\r\n'
    );
    yield record([1, '9'], [17, digits(records, 6)], [23, digits(debits, 15)], [38, digits(credits, 15)], [128, '2']) + '\r\n';
  }
}

/** A movement as records 21, 22 and 23: the OGM as structured communication 101, RF and free text in the communication zones. */
function codaMovement(
  e: EntryToWrite,
  sequence: number,
  detail: number,
  type: string,
  bankReference: string | null,
  paper: string,
): string {
  const ogm =
    e.structuredReference?.scheme === 'ogm' && e.structuredReference.source === 'structured' ? e.structuredReference.electronic : null;
  // CODA has no structured form for an RF reference: it goes in the free communication.
  const freeReference = e.structuredReference?.source === 'structured' && !ogm ? e.structuredReference.formatted : null;
  const text = [freeReference, e.remittanceText].filter(Boolean).join(' ');
  // The free communication runs on: 53 characters in 21, 53 in 22, 43 in 23.
  const parts = ogm ? ['', text.slice(0, 53), text.slice(53, 96)] : [text.slice(0, 53), text.slice(53, 106), text.slice(106, 149)];
  const number = [3, digits(sequence, 4)] as [number, string];
  const detailNumber = [7, digits(detail, 4)] as [number, string];
  const r21 = record(
    [1, '21'],
    number,
    detailNumber,
    [11, pad(bankReference ?? '', 21)],
    [32, e.direction === 'credit' ? '0' : '1'],
    [33, digits(thousandths(e.amount), 15)],
    [48, e.valueDate ? ddmmyy(e.valueDate) : '000000'],
    [54, `${type}0150000`],
    [62, ogm ? '1' : '0'],
    [63, ogm ? `101${ogm}` : pad(parts[0] as string, 53)],
    [116, ddmmyy(e.bookingDate)],
    [122, paper],
    [125, '0'],
    [126, '1'],
    [128, '0'],
  );
  const r22 = record(
    [1, '22'],
    number,
    detailNumber,
    [11, pad(parts[1] as string, 53)],
    [64, pad(e.endToEndId ?? 'NOTPROVIDED', 35)],
    [99, pad(e.counterparty.bic ?? '', 11)],
    [126, '1'],
    [128, '0'],
  );
  const r23 = record(
    [1, '23'],
    number,
    detailNumber,
    [11, pad(e.counterparty.iban ?? '', 37)],
    [48, pad(e.counterparty.name ?? '', 35)],
    [83, pad(parts[2] as string, 43)],
    [126, '0'],
    [128, '0'],
  );
  return `${r21}\r\n${r22}\r\n${r23}\r\n`;
}
