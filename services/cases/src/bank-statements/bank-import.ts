/**
 * A bank statement file into the case file, in the caller's one transaction: the file streams
 * through its reader and every thousand entries go to the database as they come, so a file of
 * any size takes the same memory; a file that turns out bad at its last line throws, and the
 * transaction takes back everything written for it.
 *
 * Each entry is recorded once under its entry id within its account (`bank_entries`): an entry
 * already there (the same statement again, or one that overlaps) is a duplicate and nothing
 * more happens to it. Of the new ones,
 * - a credit whose structured reference is an open case's (its OGM or RF) becomes that case's
 *   payment, allocated by the ledger like any other (`matched`);
 * - any other credit waits in the agents' queue (`unmatched`) with ranked suggestions and why
 *   the reference did not match, if it had one (a closed case's, another currency, no case's);
 * - a debit is recorded for reconciliation (`debit`), never as a payment.
 *
 * A statement whose opening balance plus its entries is not its closing balance is imported
 * only with `confirm`: without it the import throws `UnconfirmedBalance` carrying the summary
 * (both figures per statement), after the work, so the caller's transaction rolls back.
 */
import type { EntityManager } from 'typeorm';
import { uuidV7 } from '@amicus/ids';
import { copyRows } from '../bulk-writes/copy-rows';
import { columnsOf, insertRows } from '../bulk-writes/unnest-rows';
import { recordPayments, reversePayment, type LedgerContext } from '../payments/payment-ledger';
import type { NewPayment } from '../payments/payment';
import type { BankStatementEntry, BankStatementFile } from './bank-statement';
import { readBankStatements } from './bank-statement-file';
import { CandidateIndex, caseNumberOf, type CaseCandidate } from './bank-matching';

export interface BankImportRequest {
  fileName: string;
  /** The file's bytes, in chunks (a file stream, an upload). */
  source: AsyncIterable<Uint8Array>;
  /** Import even when a statement's balance does not add up. */
  confirm: boolean;
  /** After each batch written: the bytes and entries read so far. */
  onProgress?: (progress: { bytes: number; entries: number }) => void;
}

export interface BalanceCheckView {
  statementId: string;
  account: string;
  currency: string;
  ok: boolean;
  openingMinor: string;
  creditsMinor: string;
  debitsMinor: string;
  /** Opening + credits − debits. */
  expectedClosingMinor: string;
  closingMinor: string;
  /** Closing − expected. */
  differenceMinor: string;
}

export interface BankImportSummary {
  /** Null when nothing was imported (a balance to confirm). */
  importId: string | null;
  imported: boolean;
  /** A statement's balance does not add up: import again with confirm to take it as it is. */
  needsConfirmation: boolean;
  fileName: string;
  format: string;
  version: string;
  statements: number;
  entries: number;
  credits: number;
  debits: number;
  /** New credits recorded as payments of the case their reference names. */
  matched: number;
  /** New credits in the queue with at least one suggestion. */
  suggested: number;
  /** New credits in the queue with none. */
  unmatched: number;
  /** Entries recorded before (this statement or an overlapping one). */
  duplicates: number;
  /** New debits the bank marks as reversing a credit whose payment stood: that payment undone. */
  reversed: number;
  balanceOk: boolean;
  balanceChecks: BalanceCheckView[];
}

/** A statement's balance did not add up and the import was not confirmed: nothing is to stay. */
export class UnconfirmedBalance extends Error {
  constructor(readonly summary: BankImportSummary) {
    super(
      `a statement's balance does not add up: ${summary.balanceChecks
        .filter((c) => !c.ok)
        .map(
          (c) =>
            `${c.statementId}: opening ${c.openingMinor} + credits ${c.creditsMinor} − debits ${c.debitsMinor} = ${c.expectedClosingMinor}, closing ${c.closingMinor}`,
        )
        .join('; ')}: import it with confirm to take it as it is`,
    );
  }
}

/** Entries written per batch: the payments of a batch are allocated in one restatement. */
const BATCH = 1000;

interface Counts {
  entries: number;
  reversed: number;
  credits: number;
  debits: number;
  matched: number;
  suggested: number;
  unmatched: number;
  duplicates: number;
}

export async function importBankStatement(m: EntityManager, ledger: LedgerContext, req: BankImportRequest): Promise<BankImportSummary> {
  // One import at a time: two overlapping statements imported at once would wait on each other's entries anyway.
  await m.query(`SELECT pg_advisory_xact_lock(hashtext('cases.bank_import'))`);
  const importId = uuidV7(ledger.now.getTime());
  const counts: Counts = { entries: 0, reversed: 0, credits: 0, debits: 0, matched: 0, suggested: 0, unmatched: 0, duplicates: 0 };
  let pending: Read[] = [];
  let candidates: Promise<CandidateIndex> | null = null;
  let bytes = 0;
  // One batch is written while the next is read: the reader and the engine use this process's
  // core while the database works on its own (the transaction's queries still go one at a time).
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    await writing;
    const batch = pending;
    pending = [];
    writing = (async () => {
      if (batch.length) await writeEntries(m, ledger, importId, batch, counts, () => (candidates ??= loadCandidates(m)));
      req.onProgress?.({ bytes, entries: counts.entries });
    })();
    // Seen at the next await of `writing`; until then it must not count as unhandled.
    writing.catch(() => undefined);
  };
  // The reader pulls the file through this: before handing on the next chunk, the batch read so far goes to be written.
  async function* feed(): AsyncGenerator<Uint8Array> {
    for await (const chunk of req.source) {
      bytes += chunk.length;
      if (pending.length >= BATCH) await flush();
      yield chunk;
    }
  }
  const file = await readBankStatements(feed(), {
    keepEntries: false,
    onEntry: (entry, accountKey) => {
      pending.push({ entry, accountKey });
      counts.entries++;
    },
  });
  await flush();
  await writing;
  const summary = summaryOf(importId, req, file, counts);
  if (!summary.balanceOk && !req.confirm)
    throw new UnconfirmedBalance({ ...summary, importId: null, imported: false, needsConfirmation: true });
  await insertRows(
    m,
    'cases.bank_imports',
    [
      ['id', 'uuid'],
      ['file_name', 'text'],
      ['format', 'text'],
      ['version', 'text'],
      ['message_id', 'text'],
      ['actor', 'text'],
      ['imported_at', 'timestamptz'],
      ['confirmed', 'boolean'],
      ['summary', 'jsonb'],
    ],
    [
      [
        importId,
        req.fileName,
        file.format,
        file.version,
        file.messageId,
        `${ledger.actor.kind}:${ledger.actor.id}`,
        ledger.now,
        req.confirm,
        JSON.stringify(summary),
      ],
    ],
  );
  await insertRows(
    m,
    'cases.bank_statements',
    [
      ['import_id', 'uuid'],
      ['seq', 'int'],
      ['account', 'text'],
      ['statement_id', 'text'],
      ['sequence', 'text'],
      ['location', 'text'],
      ['currency', 'text'],
      ['opening_minor', 'bigint'],
      ['opening_date', 'date'],
      ['closing_minor', 'bigint'],
      ['closing_date', 'date'],
      ['credits_minor', 'bigint'],
      ['debits_minor', 'bigint'],
      ['balance_ok', 'boolean'],
      ['difference_minor', 'bigint'],
      ['entries', 'int'],
    ],
    file.statements.map((s, i) => [
      importId,
      i + 1,
      s.account.iban ?? s.account.number,
      s.statementId,
      s.sequence,
      s.location,
      s.currency,
      String(s.openingBalance.amount.amountMinor),
      s.openingBalance.date,
      String(s.closingBalance.amount.amountMinor),
      s.closingBalance.date,
      String(s.balanceCheck.credits),
      String(s.balanceCheck.debits),
      s.balanceCheck.ok,
      String(s.balanceCheck.difference),
      s.entryCount,
    ]),
  );
  return summary;
}

function summaryOf(importId: string, req: BankImportRequest, file: BankStatementFile, counts: Counts): BankImportSummary {
  const balanceChecks = file.statements.map((s): BalanceCheckView => ({
    statementId: s.statementId,
    account: s.account.iban ?? s.account.number,
    currency: s.currency,
    ok: s.balanceCheck.ok,
    openingMinor: String(s.balanceCheck.opening),
    creditsMinor: String(s.balanceCheck.credits),
    debitsMinor: String(s.balanceCheck.debits),
    expectedClosingMinor: String(s.balanceCheck.expectedClosing),
    closingMinor: String(s.balanceCheck.closing),
    differenceMinor: String(s.balanceCheck.difference),
  }));
  return {
    importId,
    imported: true,
    needsConfirmation: false,
    fileName: req.fileName,
    format: file.format,
    version: file.version,
    statements: file.statements.length,
    ...counts,
    balanceOk: balanceChecks.every((c) => c.ok),
    balanceChecks,
  };
}

const ENTRY_COLUMNS = [
  'id',
  'account',
  'entry_key',
  'import_id',
  'location',
  'booking_date',
  'value_date',
  'direction',
  'amount_minor',
  'currency',
  'reversal',
  'counterparty_name',
  'counterparty_iban',
  'counterparty_bic',
  'reference_scheme',
  'reference',
  'unrecognised_reference',
  'remittance_text',
  'end_to_end_id',
  'bank_reference',
  'transaction_code',
  'status',
  'case_id',
  'why',
] as const;

interface Read {
  entry: BankStatementEntry;
  accountKey: string;
}

interface CaseByNumber {
  id: string;
  case_number: string;
  phase: string;
  outcome: string | null;
  currency: string;
}

/** The day money counts as received: its value date (when it is the creditor's to use), else the booking date. */
const receivedOn = (e: BankStatementEntry) => e.valueDate ?? e.bookingDate;

async function writeEntries(
  m: EntityManager,
  ledger: LedgerContext,
  importId: string,
  batch: Read[],
  counts: Counts,
  candidatesOf: () => Promise<CandidateIndex>,
): Promise<void> {
  const numbers = new Map<number, bigint>();
  batch.forEach(({ entry: e }, i) => {
    // A credit's reference names its case; so does a bank's reversal of one (a return).
    const n = (e.direction === 'credit' || e.reversal) && e.structuredReference ? caseNumberOf(e.structuredReference) : null;
    if (n !== null) numbers.set(i, n);
  });
  // A reference number is a case's own or one of its payment plans' (@amicus/payment-references:
  // the two ranges never meet): either way the money is the case's.
  const cases: (CaseByNumber & { reference_number: string })[] = numbers.size
    ? await m.query(
        `SELECT id, case_number::text AS reference_number, case_number::text, phase, outcome, currency FROM cases.cases WHERE case_number = ANY($1::bigint[])
         UNION ALL
         SELECT c.id, p.reference_number::text, c.case_number::text, c.phase, c.outcome, c.currency
           FROM cases.payment_plans p JOIN cases.cases c ON c.id = p.case_id WHERE p.reference_number = ANY($1::bigint[])`,
        [[...new Set([...numbers.values()].map(String))]],
      )
    : [];
  const byNumber = new Map(cases.map((c) => [c.reference_number, c]));

  const rows = batch.map(({ entry: e, accountKey }, i) => {
    const ref = e.structuredReference;
    let status: 'matched' | 'unmatched' | 'debit' = e.direction === 'debit' ? 'debit' : 'unmatched';
    let caseId: string | null = null;
    let why: string | null = null;
    if (status === 'unmatched' && ref) {
      const n = numbers.get(i);
      const c = n === undefined ? undefined : byNumber.get(String(n));
      if (!c) why = `the reference ${ref.formatted} is no case's`;
      else if (c.phase === 'closed') why = `the reference ${ref.formatted} is of case ${c.case_number}, closed (${c.outcome})`;
      else if (c.currency.trim() !== e.amount.currency)
        why = `the reference ${ref.formatted} is of case ${c.case_number}, in ${c.currency.trim()}, not ${e.amount.currency}`;
      else {
        status = 'matched';
        caseId = c.id;
      }
    } else if (status === 'unmatched' && e.unrecognisedReference)
      why = `the reference "${e.unrecognisedReference}" is not a valid OGM or RF`;
    return { id: uuidV7(ledger.now.getTime()), index: i, read: batch[i]!, accountKey, status, caseId, why };
  });
  const values = rows.map(({ id, read: { entry: e }, accountKey, status, caseId, why }) => [
    id,
    accountKey,
    e.entryId,
    importId,
    e.location,
    e.bookingDate,
    e.valueDate,
    e.direction,
    String(e.amount.amountMinor),
    e.amount.currency,
    e.reversal,
    e.counterparty.name,
    e.counterparty.iban,
    e.counterparty.bic,
    e.structuredReference?.scheme ?? null,
    e.structuredReference?.electronic ?? null,
    e.unrecognisedReference,
    e.remittanceText,
    e.endToEndId,
    e.bankReference,
    e.bankTransactionCode,
    status,
    caseId,
    why,
  ]);
  // COPY into a transaction-local stage, then one INSERT under the table's policies that skips
  // the entries recorded before (COPY itself does not run under row-level security).
  await m.query(`CREATE TEMP TABLE IF NOT EXISTS stage_bank_entries (LIKE cases.bank_entries INCLUDING DEFAULTS) ON COMMIT DROP`);
  await copyRows(m, 'stage_bank_entries', ENTRY_COLUMNS, values);
  const inserted: { id: string }[] = await m.query(
    `INSERT INTO cases.bank_entries (${ENTRY_COLUMNS.join(', ')}) SELECT ${ENTRY_COLUMNS.join(', ')} FROM stage_bank_entries
     ON CONFLICT (account, entry_key) DO NOTHING RETURNING id`,
  );
  await m.query(`TRUNCATE stage_bank_entries`);
  const isNew = new Set(inserted.map((r) => r.id));
  const fresh = rows.filter((r) => isNew.has(r.id));
  counts.duplicates += rows.length - fresh.length;
  counts.debits += fresh.filter((r) => r.status === 'debit').length;
  counts.credits += fresh.filter((r) => r.status !== 'debit').length;

  const matched = fresh.filter((r) => r.status === 'matched');
  if (matched.length) {
    const payments = matched.map(({ id, read: { entry: e }, caseId }): NewPayment => ({
      caseId: caseId!,
      amount: e.amount,
      receivedOn: receivedOn(e),
      source: 'bank',
      payerName: e.counterparty.name,
      payerIban: e.counterparty.iban,
      bankEntryId: id,
      note: e.remittanceText,
    }));
    await recordPayments(m, ledger, payments);
    counts.matched += matched.length;
  }

  // A debit the bank marks as the reversal of a credit (a return, a chargeback) undoes that credit's payment.
  for (const r of fresh.filter((x) => x.status === 'debit' && x.read.entry.reversal)) {
    const e = r.read.entry;
    const c = numbers.has(r.index) ? byNumber.get(String(numbers.get(r.index))) : undefined;
    if (!c || !e.structuredReference) continue;
    const [payment]: { id: string }[] = await m.query(
      `SELECT p.id FROM cases.payments p JOIN cases.bank_entries b ON b.id = p.bank_entry_id
        WHERE p.case_id = $1 AND p.status = 'active' AND p.amount_minor = $2 AND b.reference = $3
        ORDER BY p.received_on DESC, p.seq DESC LIMIT 1`,
      [c.id, String(e.amount.amountMinor), e.structuredReference.electronic],
    );
    const why = payment
      ? `the bank reversed the transfer of case ${c.case_number}: its payment is undone`
      : `the bank reverses a transfer of case ${c.case_number}, but no payment of it stands with this amount: an agent looks`;
    if (payment) {
      await reversePayment(m, ledger, payment.id, {
        kind: 'bank_return',
        reason: `the bank reversed the transfer (${e.bankReference ?? e.location})`,
      });
      counts.reversed++;
    }
    await m.query(`UPDATE cases.bank_entries SET case_id = $2, why = $3 WHERE id = $1`, [r.id, c.id, why]);
  }

  const queued = fresh.filter((r) => r.status === 'unmatched');
  if (queued.length) {
    const index = await candidatesOf();
    const suggestions: unknown[][] = [];
    for (const r of queued) {
      const e = r.read.entry;
      const found = index.suggest({
        amountMinor: e.amount.amountMinor,
        currency: e.amount.currency,
        payerName: e.counterparty.name,
        payerIban: e.counterparty.iban,
        text: [e.remittanceText, e.unrecognisedReference].filter(Boolean).join(' ') || null,
      });
      found.forEach((s, rank) => suggestions.push([r.id, rank + 1, s.caseId, s.score, s.reasons]));
      if (found.length) counts.suggested++;
      else counts.unmatched++;
    }
    if (suggestions.length)
      // A suggestion's reasons travel as JSON: unnest of a text[][] would flatten them.
      await m.query(
        `INSERT INTO cases.bank_entry_suggestions (entry_id, rank, case_id, score, reasons)
         SELECT entry, rank, case_id, score, ARRAY(SELECT jsonb_array_elements_text(reasons))
           FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::int[], $5::jsonb[]) AS x(entry, rank, case_id, score, reasons)`,
        columnsOf(
          suggestions.map(([entry, rank, caseId, score, reasons]) => [entry, rank, caseId, score, JSON.stringify(reasons)]),
          5,
        ),
      );
  }
}

/** The open cases, for suggestions: read once per import, when its first credit goes to the queue. */
async function loadCandidates(m: EntityManager): Promise<CandidateIndex> {
  const rows: {
    id: string;
    case_number: string;
    currency: string;
    open: string;
    name: string;
    iban: string | null;
    invoices: string[] | null;
    ibans: string[] | null;
  }[] = await m.query(
    `SELECT c.id, c.case_number::text, c.currency, c.open_minor::text AS open, d.name, d.iban,
            (SELECT array_agg(cl.invoice_number) FROM cases.claims cl WHERE cl.case_id = c.id AND cl.status = 'open') AS invoices,
            (SELECT array_agg(DISTINCT p.payer_iban) FROM cases.payments p WHERE p.case_id = c.id AND p.payer_iban IS NOT NULL) AS ibans
       FROM cases.cases c JOIN cases.debtors d ON d.id = c.debtor_id WHERE c.phase <> 'closed'`,
  );
  return new CandidateIndex(
    rows.map((r): CaseCandidate => ({
      caseId: r.id,
      caseNumber: BigInt(r.case_number),
      currency: r.currency.trim(),
      openMinor: BigInt(r.open),
      debtorName: r.name,
      ibans: [...(r.ibans ?? []), ...(r.iban ? [r.iban.replace(/\s+/g, '').toUpperCase()] : [])],
      invoiceNumbers: r.invoices ?? [],
    })),
  );
}
