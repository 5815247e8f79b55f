/**
 * What the dossier and the proceedings read and write in Postgres, under the caller's walls
 * (row-level security follows the case: legal staff only reach cases in the legal phases).
 */
import type { EntityManager } from 'typeorm';
import { assessJson, type LegalOptions } from '@amicus/legal';
import { assessmentView, caseJsonOf } from '../assessment/case-assessment';
import { loadCaseFacts } from '../assessment/case-facts';
import type { DossierInput, StatementView } from './dossier';
import type { Entry, Judgment } from './proceedings';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** The engine's statement of the case at `now`: the same path as `assessCase` (case facts → case JSON → engine). */
export async function engineStatement(
  m: EntityManager,
  caseId: string,
  now: Date,
  agencyRegistration: string | null,
  rateTables: LegalOptions['rateTables'],
): Promise<StatementView | null> {
  const facts = await loadCaseFacts(m, caseId, agencyRegistration);
  if (!facts) return null;
  const result = assessJson(caseJsonOf(facts, now.toISOString(), null), { rateTables });
  if (!result.ok) return null;
  return assessmentView(result.result).statement;
}

/** Everything of the case file the dossier holds but its statement and proceedings. */
export async function loadDossierFacts(m: EntityManager, caseId: string) {
  const [row]: {
    id: string;
    case_number: string;
    phase: string;
    currency: string;
    opened_at: Date;
    client_id: string;
    client_name: string;
    enterprise_number: string | null;
    client_country: string;
    debtor_name: string;
    debtor_kind: string;
    vat_number: string | null;
    debtor_country: string;
    language: string;
    addresses: DossierInput['debtor']['address'][];
  }[] = await m.query(
    `SELECT c.id, c.case_number::text, c.phase, c.currency, c.opened_at, c.client_id, cl.name AS client_name, cl.enterprise_number,
            cl.country AS client_country, d.name AS debtor_name, d.kind AS debtor_kind, d.vat_number, d.country AS debtor_country, d.language, d.addresses
       FROM cases.cases c JOIN cases.clients cl ON cl.id = c.client_id JOIN cases.debtors d ON d.id = c.debtor_id WHERE c.id = $1`,
    [caseId],
  );
  if (!row) return null;
  const claims: DossierInput['claims'] = await m.query(
    `SELECT id, invoice_number AS "invoiceNumber", issue_date::text AS "issueDate", due_date::text AS "dueDate", principal_minor::text AS "principalMinor",
            interest_clause AS "interestClause", damages_clause AS "damagesClause", status
       FROM cases.claims WHERE case_id = $1 ORDER BY due_date, invoice_number`,
    [caseId],
  );
  const payments: (Omit<DossierInput['payments'][number], 'allocation'> & {
    costs: string;
    interest: string;
    principal: unknown;
    unallocated: string;
    rule: string | null;
    legal_source: string | null;
  })[] = await m.query(
    `SELECT id, received_on::text AS "receivedOn", amount_minor::text AS "amountMinor", source, status, costs_minor::text AS costs,
            interest_minor::text AS interest, principal, unallocated_minor::text AS unallocated, rule, legal_source
       FROM cases.payments WHERE case_id = $1 ORDER BY received_on, seq`,
    [caseId],
  );
  const communications: (Omit<DossierInput['communications'][number], 'sentAt' | 'deliveredAt' | 'failedAt'> & {
    sentAt: Date;
    deliveredAt: Date | null;
    failedAt: Date | null;
  })[] = await m.query(
    `SELECT id, kind, channel, language, recipient, sent_at AS "sentAt", provider_message_id AS "providerMessageId", sha256,
            delivered_at AS "deliveredAt", failed_at AS "failedAt", failure
       FROM cases.communication_proofs WHERE case_id = $1 ORDER BY sent_at, id`,
    [caseId],
  );
  const calls: (Omit<DossierInput['calls'][number], 'at'> & { at: Date })[] = await m.query(
    `SELECT id, at, direction, outcome, number, agent_id AS "agentId", note, promise FROM cases.call_records WHERE case_id = $1 ORDER BY at, id`,
    [caseId],
  );
  const disputes: Record<string, unknown>[] = await m.query(
    `SELECT id, claim_ids AS "claimIds", reason, text, raised_by AS "raisedBy", raised_at AS "raisedAt", status, answer, answered_at AS "answeredAt",
            outcome, explanation, resolved_at AS "resolvedAt"
       FROM cases.disputes WHERE case_id = $1 ORDER BY raised_at, id`,
    [caseId],
  );
  const audit: { seq: string; at: Date; actor_kind: string; actor_id: string; action: string; reason: string | null }[] = await m.query(
    `SELECT seq::text, at, actor_kind, actor_id, action, reason FROM cases.audit_entries WHERE case_id = $1 ORDER BY seq`,
    [caseId],
  );
  const trail = audit.map((e) => ({
    seq: e.seq,
    at: iso(e.at)!,
    actor: `${e.actor_kind}:${e.actor_id}`,
    action: e.action,
    reason: e.reason,
  }));
  return {
    clientId: row.client_id,
    case: { id: row.id, number: row.case_number, phase: row.phase, currency: row.currency.trim(), openedAt: iso(row.opened_at)! },
    creditor: { id: row.client_id, name: row.client_name, enterpriseNumber: row.enterprise_number, country: row.client_country.trim() },
    debtor: {
      name: row.debtor_name,
      kind: row.debtor_kind,
      vatNumber: row.vat_number,
      country: row.debtor_country.trim(),
      language: row.language.trim(),
      address: row.addresses[0] ?? null,
    },
    claims: claims.map((c) => ({ ...c, principalMinor: String(c.principalMinor) })),
    payments: payments.map((p) => ({
      id: p.id,
      receivedOn: p.receivedOn,
      amountMinor: p.amountMinor,
      source: p.source,
      status: p.status,
      allocation: {
        costsMinor: p.costs,
        interestMinor: p.interest,
        principal: p.principal,
        unallocatedMinor: p.unallocated,
        rule: p.rule,
        source: p.legal_source,
      },
    })),
    communications: communications.map((c) => ({
      ...c,
      sentAt: iso(c.sentAt)!,
      deliveredAt: iso(c.deliveredAt),
      failedAt: iso(c.failedAt),
    })),
    calls: calls.map((c) => ({ ...c, at: iso(c.at)! })),
    disputes: disputes.map((d) => ({
      id: String(d.id),
      claimIds: d.claimIds as string[],
      reason: String(d.reason),
      text: (d.text as string | null) ?? null,
      raisedBy: String(d.raisedBy),
      raisedAt: iso(d.raisedAt as Date)!,
      status: String(d.status),
      answer: (d.answer as string | null) ?? null,
      answeredAt: iso((d.answeredAt as Date | null) ?? null),
      outcome: (d.outcome as string | null) ?? null,
      explanation: (d.explanation as string | null) ?? null,
      resolvedAt: iso((d.resolvedAt as Date | null) ?? null),
    })),
    instructions: trail
      .filter((e) => e.actor.startsWith('client:'))
      .map(({ at, actor, action, reason }) => ({ at, actor, action, reason })),
    audit: trail,
  };
}

export interface EntryRow extends Entry {
  id: string;
  doneAt: Date | null;
  recordedBy: string;
  recordedAt: Date;
}

export interface ProceedingRow {
  caseId: string;
  routeId: string | null;
  court: string;
  reference: string | null;
  openedAt: Date;
  openedBy: string;
}

export async function proceedingOf(m: EntityManager, caseId: string): Promise<ProceedingRow | null> {
  const [r]: ProceedingRow[] = await m.query(
    `SELECT case_id AS "caseId", route_id AS "routeId", court, reference, opened_at AS "openedAt", opened_by AS "openedBy" FROM cases.proceedings WHERE case_id = $1`,
    [caseId],
  );
  return r ?? null;
}

export async function entriesOf(m: EntityManager, caseId: string): Promise<EntryRow[]> {
  const rows: (Omit<EntryRow, 'amountMinor'> & { amountMinor: string | null })[] = await m.query(
    `SELECT id, kind, on_date::text AS "on", description, remind_on::text AS "remindOn", amount_minor::text AS "amountMinor", done_at AS "doneAt",
            recorded_by AS "recordedBy", recorded_at AS "recordedAt"
       FROM cases.proceeding_entries WHERE case_id = $1 ORDER BY on_date, recorded_at, id`,
    [caseId],
  );
  return rows.map((r) => ({ ...r, amountMinor: r.amountMinor === null ? null : BigInt(r.amountMinor) }));
}

export async function judgmentRowOf(m: EntityManager, caseId: string): Promise<(Judgment & { id: string }) | null> {
  const [r]: (Omit<Judgment, 'principalMinor' | 'costsMinor'> & { id: string; principalMinor: string; costsMinor: string })[] =
    await m.query(
      `SELECT id, judged_on::text AS "judgedOn", court, reference, principal_minor::text AS "principalMinor", costs_minor::text AS "costsMinor",
            interest_rate AS "interestRatePercent", interest_from::text AS "interestFrom", currency
       FROM cases.judgments WHERE case_id = $1`,
      [caseId],
    );
  return r ? { ...r, currency: r.currency.trim(), principalMinor: BigInt(r.principalMinor), costsMinor: BigInt(r.costsMinor) } : null;
}

/** The payments standing on the case (reversed ones left out), for the judgment's balance. */
export async function activePayments(m: EntityManager, caseId: string): Promise<{ id: string; receivedOn: string; amountMinor: bigint }[]> {
  const rows: { id: string; receivedOn: string; amountMinor: string }[] = await m.query(
    `SELECT id, received_on::text AS "receivedOn", amount_minor::text AS "amountMinor" FROM cases.payments WHERE case_id = $1 AND status = 'active' ORDER BY received_on, seq`,
    [caseId],
  );
  return rows.map((r) => ({ ...r, amountMinor: BigInt(r.amountMinor) }));
}
