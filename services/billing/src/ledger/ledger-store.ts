import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';
import type { CalendarDate } from '@amicus/calendar';
import type { Account, EntryPart, LedgerTransaction, TransactionKind } from './ledger';

/**
 * The ledger's rows: transactions and entries written once (the tables refuse UPDATE and
 * DELETE; a deferred trigger refuses a transaction that does not balance), read back as the
 * domain's types or as typed rows for the API.
 */

/** Writes a transaction and its entries; answers the transaction's row id. */
export async function insertTransaction(m: EntityManager, tx: LedgerTransaction): Promise<string> {
  const id = crypto.randomUUID();
  await m.query(
    `INSERT INTO billing.ledger_transactions (id, key, kind, client_id, case_id, payment_id, currency, booked_on, agreement_id, reverses, memo)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [id, tx.key, tx.kind, tx.clientId, tx.caseId, tx.paymentId, tx.currency, tx.bookedOn, tx.agreementId, tx.reverses, tx.memo],
  );
  if (tx.entries.length === 0) return id;
  const values: unknown[] = [];
  const rows = tx.entries.map((e, i) => {
    values.push(id, i + 1, e.account, tx.clientId, tx.caseId, e.claimId, e.part, e.amountMinor.toString(), tx.currency, tx.bookedOn);
    const b = i * 10;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9}, $${b + 10})`;
  });
  await m.query(
    `INSERT INTO billing.ledger_entries (transaction_id, line, account, client_id, case_id, claim_id, part, amount_minor, currency, booked_on)
     VALUES ${rows.join(', ')}`,
    values,
  );
  return id;
}

/** A field in COPY's text format (PostgreSQL, COPY "Text Format"): NULL as \\N, backslash and control characters escaped. */
function copyField(v: string | number | bigint | null): string {
  if (v === null) return '\\N';
  const text = String(v);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] ?? c)
    : text;
}

async function copyInto(m: EntityManager, table: string, columns: string, lines: Iterable<string>): Promise<void> {
  if (!m.queryRunner?.isTransactionActive) throw new Error('insertTransactions needs the EntityManager of an open transaction');
  const connection = (await m.queryRunner.connect()) as { query: (stream: unknown) => NodeJS.WritableStream };
  await pipeline(Readable.from(lines), connection.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`)));
}

/**
 * Many transactions at once (a month's postings, a bulk import), by COPY on the caller's
 * transaction: the same rows as insertTransaction, the same balance check at commit, several
 * times cheaper than an INSERT per transaction. A reversal must come after what it reverses.
 */
export async function insertTransactions(m: EntityManager, txs: readonly LedgerTransaction[]): Promise<string[]> {
  const ids = txs.map(() => crypto.randomUUID());
  const line = (values: (string | number | bigint | null)[]) => values.map(copyField).join('\t') + '\n';
  await copyInto(
    m,
    'billing.ledger_transactions',
    'id, key, kind, client_id, case_id, payment_id, currency, booked_on, agreement_id, reverses, memo',
    txs.map((t, i) =>
      line([ids[i] ?? null, t.key, t.kind, t.clientId, t.caseId, t.paymentId, t.currency, t.bookedOn, t.agreementId, t.reverses, t.memo]),
    ),
  );
  function* entryLines(): Generator<string> {
    for (let i = 0; i < txs.length; i++) {
      const t = txs[i]!;
      for (let l = 0; l < t.entries.length; l++) {
        const e = t.entries[l]!;
        yield line([ids[i] ?? null, l + 1, e.account, t.clientId, t.caseId, e.claimId, e.part, e.amountMinor, t.currency, t.bookedOn]);
      }
    }
  }
  await copyInto(
    m,
    'billing.ledger_entries',
    'transaction_id, line, account, client_id, case_id, claim_id, part, amount_minor, currency, booked_on',
    entryLines(),
  );
  return ids;
}

interface TransactionRow {
  id: string;
  key: string;
  kind: TransactionKind;
  client_id: string;
  case_id: string | null;
  payment_id: string | null;
  currency: string;
  booked_on: string;
  agreement_id: string | null;
  reverses: string | null;
  memo: string;
}
interface EntryRow {
  account: Account;
  amount_minor: string;
  part: EntryPart;
  claim_id: string | null;
}

/** A posted transaction with its entries, by key; null when none was posted under it. */
export async function loadTransaction(m: EntityManager, key: string): Promise<LedgerTransaction | null> {
  const [found] = await loadTransactions(m, `t.key = $1`, [key]);
  return found?.tx ?? null;
}

/** A client's transactions booked up to a day that no remittance has taken yet, in posting order, with their row ids. */
export function unremittedTransactions(
  m: EntityManager,
  clientId: string,
  upTo: CalendarDate,
): Promise<{ id: string; tx: LedgerTransaction }[]> {
  return loadTransactions(
    m,
    `t.client_id = $1 AND t.booked_on <= $2::date AND NOT EXISTS (SELECT 1 FROM billing.remittance_items ri WHERE ri.transaction_id = t.id)`,
    [clientId, upTo],
  );
}

/** A client's transactions booked up to a day that no invoice or credit note has taken yet, in posting order, with their row ids. */
export function uninvoicedTransactions(
  m: EntityManager,
  clientId: string,
  upTo: CalendarDate,
): Promise<{ id: string; tx: LedgerTransaction }[]> {
  return loadTransactions(
    m,
    `t.client_id = $1 AND t.booked_on <= $2::date AND NOT EXISTS (SELECT 1 FROM billing.invoice_items ii WHERE ii.transaction_id = t.id)`,
    [clientId, upTo],
  );
}

async function loadTransactions(m: EntityManager, where: string, params: unknown[]): Promise<{ id: string; tx: LedgerTransaction }[]> {
  const txs = (await m.query(
    `SELECT id, key, kind, client_id, case_id, payment_id, currency, to_char(booked_on, 'YYYY-MM-DD') AS booked_on, agreement_id, reverses, memo
       FROM billing.ledger_transactions t WHERE ${where} ORDER BY seq`,
    params,
  )) as TransactionRow[];
  if (txs.length === 0) return [];
  const entries = (await m.query(
    `SELECT transaction_id, account, amount_minor::text AS amount_minor, part, claim_id
       FROM billing.ledger_entries WHERE transaction_id = ANY($1::uuid[]) ORDER BY transaction_id, line`,
    [txs.map((t) => t.id)],
  )) as (EntryRow & { transaction_id: string })[];
  const byTx = new Map<string, EntryRow[]>();
  for (const e of entries) {
    const list = byTx.get(e.transaction_id) ?? [];
    list.push(e);
    byTx.set(e.transaction_id, list);
  }
  return txs.map((tx) => ({
    id: tx.id,
    tx: {
      key: tx.key,
      kind: tx.kind,
      clientId: tx.client_id,
      caseId: tx.case_id,
      paymentId: tx.payment_id,
      currency: tx.currency,
      bookedOn: tx.booked_on,
      agreementId: tx.agreement_id,
      reverses: tx.reverses,
      memo: tx.memo,
      entries: (byTx.get(tx.id) ?? []).map((e) => ({
        account: e.account,
        amountMinor: BigInt(e.amount_minor),
        part: e.part,
        claimId: e.claim_id,
      })),
    },
  }));
}

/** One entry as the API lists it. */
export interface LedgerEntryView {
  seq: string;
  line: number;
  transactionKey: string;
  kind: TransactionKind;
  account: Account;
  clientId: string;
  caseId: string | null;
  paymentId: string | null;
  claimId: string | null;
  part: EntryPart;
  amountMinor: bigint;
  currency: string;
  bookedOn: CalendarDate;
  reverses: string | null;
  memo: string;
}

export interface LedgerFilter {
  clientId: string | null;
  account: Account | null;
  from: CalendarDate | null;
  to: CalendarDate | null;
}

const FIRST_DAY = '0001-01-01';
const LAST_DAY = '9999-12-31';

/** Entries in posting order, a page at a time (`after`: the cursor `seq:line` of the last one seen). */
export async function listEntries(
  m: EntityManager,
  f: LedgerFilter,
  first: number,
  after: { seq: string; line: number } | null,
): Promise<LedgerEntryView[]> {
  const rows = (await m.query(
    `SELECT t.seq::text AS seq, e.line, t.key, t.kind, e.account, e.client_id, e.case_id, t.payment_id, e.claim_id, e.part,
            e.amount_minor::text AS amount_minor, e.currency, to_char(e.booked_on, 'YYYY-MM-DD') AS booked_on, t.reverses, t.memo
       FROM billing.ledger_entries e JOIN billing.ledger_transactions t ON t.id = e.transaction_id
      WHERE ($1::uuid IS NULL OR e.client_id = $1) AND ($2::text IS NULL OR e.account = $2)
        AND e.booked_on BETWEEN $3::date AND $4::date
        AND ($5::bigint IS NULL OR (t.seq, e.line) > ($5::bigint, $6::int))
      ORDER BY t.seq, e.line LIMIT $7`,
    [f.clientId, f.account, f.from ?? FIRST_DAY, f.to ?? LAST_DAY, after?.seq ?? null, after?.line ?? 0, first],
  )) as {
    seq: string;
    line: number;
    key: string;
    kind: TransactionKind;
    account: Account;
    client_id: string;
    case_id: string | null;
    payment_id: string | null;
    claim_id: string | null;
    part: EntryPart;
    amount_minor: string;
    currency: string;
    booked_on: string;
    reverses: string | null;
    memo: string;
  }[];
  return rows.map((r) => ({
    seq: r.seq,
    line: r.line,
    transactionKey: r.key,
    kind: r.kind,
    account: r.account,
    clientId: r.client_id,
    caseId: r.case_id,
    paymentId: r.payment_id,
    claimId: r.claim_id,
    part: r.part,
    amountMinor: BigInt(r.amount_minor),
    currency: r.currency,
    bookedOn: r.booked_on,
    reverses: r.reverses,
    memo: r.memo,
  }));
}

/** An account's balance over a period: before it, what moved in it, at its end (debit positive). */
export interface AccountBalance {
  account: Account;
  /** The client for a client's own account (payable, receivable); null for the agency's accounts. */
  clientId: string | null;
  currency: string;
  openingMinor: bigint;
  debitsMinor: bigint;
  creditsMinor: bigint;
  closingMinor: bigint;
}

export async function balances(m: EntityManager, f: Omit<LedgerFilter, 'account'>): Promise<AccountBalance[]> {
  const from = f.from ?? FIRST_DAY;
  const rows = (await m.query(
    `SELECT account, CASE WHEN account IN ('client_payable', 'client_receivable') THEN client_id END AS client_id, currency,
            coalesce(sum(amount_minor) FILTER (WHERE booked_on < $2::date), 0)::text AS opening,
            coalesce(sum(amount_minor) FILTER (WHERE booked_on >= $2::date AND amount_minor > 0), 0)::text AS debits,
            coalesce(-sum(amount_minor) FILTER (WHERE booked_on >= $2::date AND amount_minor < 0), 0)::text AS credits,
            sum(amount_minor)::text AS closing
       FROM billing.ledger_entries
      WHERE ($1::uuid IS NULL OR client_id = $1) AND booked_on <= $3::date
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [f.clientId, from, f.to ?? LAST_DAY],
  )) as {
    account: Account;
    client_id: string | null;
    currency: string;
    opening: string;
    debits: string;
    credits: string;
    closing: string;
  }[];
  return rows.map((r) => ({
    account: r.account,
    clientId: r.client_id,
    currency: r.currency,
    openingMinor: BigInt(r.opening),
    debitsMinor: BigInt(r.debits),
    creditsMinor: BigInt(r.credits),
    closingMinor: BigInt(r.closing),
  }));
}
