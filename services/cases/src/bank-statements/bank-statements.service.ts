import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { visibleCaseRow } from '../case-file/case-reads.service';
import { recordPayments } from '../payments/payment-ledger';
import { PaymentsService } from '../payments/payments.service';
import { actorOf, isUuid } from '../tenancy/tenant';
import { TenantDatabase } from '../tenancy/tenant-database';
import { importBankStatement, UnconfirmedBalance, type BankImportSummary } from './bank-import';

/** An entry of the agents' queue with its suggestions (only of cases the caller sees). */
export interface QueuedEntry {
  id: string;
  bookingDate: string;
  valueDate: string | null;
  amountMinor: string;
  currency: string;
  counterpartyName: string | null;
  counterpartyIban: string | null;
  reference: string | null;
  remittanceText: string | null;
  /** Why its reference, if it had one, matched no open case. */
  why: string | null;
  status: string;
  suggestions: {
    caseId: string;
    caseNumber: string;
    debtorName: string;
    openMinor: string;
    currency: string;
    score: number;
    reasons: string[];
  }[];
}

interface EntryRow {
  id: string;
  booking_date: string;
  value_date: string | null;
  direction: 'credit' | 'debit';
  amount_minor: string;
  currency: string;
  counterparty_name: string | null;
  counterparty_iban: string | null;
  reference: string | null;
  remittance_text: string | null;
  why: string | null;
  status: string;
}

const AGENCY_ROLES = ['agency_admin', 'agent'] as const;

/**
 * Bank statements' use cases: the import (GraphQL and `amicus bank import` alike), the agents'
 * queue of credits no reference matched, and what an agent decides about one — a case's payment,
 * not ours, or back to the payer. The bank's lines are the agency's: its admin and agents see
 * them; an agent assigns only to its brands' cases.
 */
@Injectable()
export class BankStatementsService {
  constructor(
    private readonly tenant: TenantDatabase,
    private readonly payments: PaymentsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Imports a statement file in one transaction. A transfer carrying a case's reference is that
   * case's payment whoever uploads the file (the reference, not the uploader's brands, says whose
   * it is), so an agent's import matches agency-wide; what the agent sees of it is the counts.
   */
  async import(
    identity: Identity,
    input: {
      fileName: string;
      source: AsyncIterable<Uint8Array>;
      confirm: boolean;
      onProgress?: (p: { bytes: number; entries: number }) => void;
    },
    correlationId: string,
  ): Promise<BankImportSummary> {
    requireAgency(identity);
    const fileName = input.fileName.trim();
    if (!fileName) throw DomainError.invalid([{ field: 'fileName', reason: 'is required' }]);
    const agencyWide: Identity = { ...identity, role: 'agency_admin' };
    try {
      return await this.tenant.run(agencyWide, async (m) =>
        importBankStatement(m, await this.payments.context(m, identity, correlationId), { ...input, fileName }),
      );
    } catch (e) {
      // The transaction is rolled back: the summary says what the file holds and why it waits.
      if (e instanceof UnconfirmedBalance) return e.summary;
      throw e;
    }
  }

  /** The credits waiting for an agent, oldest first. */
  async queue(identity: Identity, opts: { first: number; after?: string | null }): Promise<QueuedEntry[]> {
    requireAgency(identity);
    if (opts.after && !isUuid(opts.after)) throw DomainError.invalid([{ field: 'after', reason: 'is not an entry id' }]);
    return this.tenant.run(identity, async (m) => {
      const entries: EntryRow[] = await m.query(
        `SELECT * FROM cases.bank_entries e WHERE e.status = 'unmatched'
            AND ($2::uuid IS NULL OR (e.booking_date, e.id) > (SELECT booking_date, id FROM cases.bank_entries WHERE id = $2))
          ORDER BY e.booking_date, e.id LIMIT $1`,
        [Math.min(Math.max(opts.first, 1), 500), opts.after ?? null],
      );
      return this.withSuggestions(m, entries);
    });
  }

  /** Makes a queued credit the payment of a case the caller works (allocated like any payment). */
  async assign(identity: Identity, entryId: string, caseId: string, note: string | null, correlationId: string): Promise<QueuedEntry> {
    requireAgency(identity);
    if (!isUuid(caseId)) throw new DomainError('not_found', `case ${caseId} not found`);
    return this.decide(identity, entryId, async (m, entry) => {
      const row = await visibleCaseRow(m, identity, caseId, true);
      if (!row) throw new DomainError('not_found', `case ${caseId} not found`);
      if (entry.currency.trim() !== row.currency.trim())
        throw DomainError.invalid([
          { field: 'caseId', reason: `the case is in ${row.currency.trim()}, the credit in ${entry.currency.trim()}` },
        ]);
      const ctx = await this.payments.context(m, identity, correlationId);
      await recordPayments(m, ctx, [
        {
          caseId,
          amount: { amountMinor: BigInt(entry.amount_minor), currency: entry.currency.trim() },
          receivedOn: String(entry.value_date ?? entry.booking_date),
          source: 'bank',
          payerName: entry.counterparty_name,
          payerIban: entry.counterparty_iban,
          bankEntryId: entry.id,
          note: note?.trim() || entry.remittance_text,
        },
      ]);
      return { status: 'assigned', caseId, why: note?.trim() || null };
    });
  }

  /** Not the agency's money for any case (a transfer meant for someone else): kept out of the queue, with the reason. */
  async notOurs(identity: Identity, entryId: string, reason: string): Promise<QueuedEntry> {
    requireAgency(identity);
    const why = requireReason(reason);
    return this.decide(identity, entryId, async () => ({ status: 'not_ours', caseId: null, why }));
  }

  /** To go back to the payer (finance sends it), with the reason. */
  async toReturn(identity: Identity, entryId: string, reason: string): Promise<QueuedEntry> {
    requireAgency(identity);
    const why = requireReason(reason);
    return this.decide(identity, entryId, async () => ({ status: 'to_return', caseId: null, why }));
  }

  private async decide(
    identity: Identity,
    entryId: string,
    decide: (m: EntityManager, entry: EntryRow) => Promise<{ status: string; caseId: string | null; why: string | null }>,
  ): Promise<QueuedEntry> {
    if (!isUuid(entryId)) throw new DomainError('not_found', `bank entry ${entryId} not found`);
    return this.tenant.run(identity, async (m) => {
      const [entry]: EntryRow[] = await m.query(`SELECT * FROM cases.bank_entries WHERE id = $1 FOR UPDATE`, [entryId]);
      if (!entry) throw new DomainError('not_found', `bank entry ${entryId} not found`);
      if (entry.status !== 'unmatched')
        throw new DomainError('conflict', `bank entry ${entryId} is ${entry.status.replace('_', ' ')}, not in the queue`);
      const d = await decide(m, entry);
      const actor = actorOf(identity);
      const [[updated]]: [EntryRow[], number] = await m.query(
        `UPDATE cases.bank_entries SET status = $2, case_id = coalesce($3, case_id), why = coalesce($4, why), decided_by = $5, decided_at = $6
          WHERE id = $1 RETURNING *`,
        [entryId, d.status, d.caseId, d.why, `${actor.kind}:${actor.id}`, this.clock.now()],
      );
      return (await this.withSuggestions(m, [updated!]))[0]!;
    });
  }

  private async withSuggestions(m: EntityManager, entries: EntryRow[]): Promise<QueuedEntry[]> {
    if (entries.length === 0) return [];
    // Row-level security keeps an agent to the suggestions of its brands' cases.
    const suggestions: {
      entry_id: string;
      case_id: string;
      case_number: string;
      name: string;
      open: string;
      currency: string;
      score: number;
      reasons: string[];
    }[] = await m.query(
      `SELECT s.entry_id, s.case_id, c.case_number::text, d.name, c.open_minor::text AS open, c.currency, s.score, s.reasons
         FROM cases.bank_entry_suggestions s JOIN cases.cases c ON c.id = s.case_id JOIN cases.debtors d ON d.id = c.debtor_id
        WHERE s.entry_id = ANY($1::uuid[]) ORDER BY s.entry_id, s.rank`,
      [entries.map((e) => e.id)],
    );
    return entries.map((e) => ({
      id: e.id,
      bookingDate: String(e.booking_date),
      valueDate: e.value_date ? String(e.value_date) : null,
      amountMinor: String(e.amount_minor),
      currency: e.currency.trim(),
      counterpartyName: e.counterparty_name,
      counterpartyIban: e.counterparty_iban,
      reference: e.reference,
      remittanceText: e.remittance_text,
      why: e.why,
      status: e.status,
      suggestions: suggestions
        .filter((s) => s.entry_id === e.id)
        .map((s) => ({
          caseId: s.case_id,
          caseNumber: s.case_number,
          debtorName: s.name,
          openMinor: s.open,
          currency: s.currency.trim(),
          score: s.score,
          reasons: s.reasons,
        })),
    }));
  }
}

function requireAgency(identity: Identity): void {
  if (!(AGENCY_ROLES as readonly string[]).includes(identity.role))
    throw new DomainError('forbidden', 'bank statements are for agents and the agency admin');
}

function requireReason(reason: string): string {
  const why = reason.trim();
  if (!why) throw DomainError.invalid([{ field: 'reason', reason: 'is required' }]);
  if (why.length > 1000) throw DomainError.invalid([{ field: 'reason', reason: 'is longer than 1000 characters' }]);
  return why;
}
