import type { EntityManager } from 'typeorm';
import { claimOfRow, type ClaimRow } from '../case-file/case-rows';
import type { ContactRecord } from '../contact-history/contact-history';
import type { CaseFacts } from './case-assessment';

/** What the facts read of the case itself, its debtor and its client; a caller that read them already passes them (`loadCaseFactsOf`). */
export interface FactsRow {
  currency: string;
  paid: string;
  kind: string;
  country: string;
  time_zone: string;
  sme: boolean;
}

/** What the legal engine needs to know of a case of the file (under the caller's walls); undefined when it is not there. */
export async function loadCaseFacts(m: EntityManager, caseId: string, agencyRegistration: string | null): Promise<CaseFacts | undefined> {
  return (await loadCaseFactsOf(m, [caseId], agencyRegistration)).get(caseId);
}

/** The facts of many cases in five statements (a scheduler's batch, a listing); a case not there has no entry. */
export async function loadCaseFactsOf(
  m: EntityManager,
  caseIds: readonly string[],
  agencyRegistration: string | null,
  read?: readonly (FactsRow & { id: string })[],
): Promise<Map<string, CaseFacts>> {
  const facts = new Map<string, CaseFacts>();
  if (caseIds.length === 0) return facts;
  const rows: readonly (FactsRow & { id: string })[] =
    read ??
    (await m.query(
      `SELECT c.id, c.currency, c.paid_minor::text AS paid, d.kind, d.country, d.time_zone, cl.sme
       FROM cases.cases c JOIN cases.debtors d ON d.id = c.debtor_id JOIN cases.clients cl ON cl.id = c.client_id WHERE c.id = ANY($1::uuid[])`,
      [caseIds],
    ));
  if (rows.length === 0) return facts;
  const ids = rows.map((r) => r.id);
  const claims: (ClaimRow & { paid_minor?: string; credited_minor?: string })[] = await m.query(
    `SELECT * FROM cases.claims WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, due_date`,
    [ids],
  );
  const history: ContactRecord[] = await m.query(
    `SELECT id, case_id AS "caseId", kind, channel, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, complete
       FROM cases.contact_history WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, at`,
    [ids],
  );
  // The payments standing (a reversed one is undone), in the order the engine allocates them:
  // by the day received, then as recorded.
  const payments: { id: string; caseId: string; receivedOn: string; amountMinor: string }[] = await m.query(
    `SELECT id, case_id AS "caseId", received_on AS "receivedOn", amount_minor::text AS "amountMinor"
       FROM cases.payments WHERE case_id = ANY($1::uuid[]) AND status = 'active' ORDER BY case_id, received_on, seq`,
    [ids],
  );
  // The disputes not yet resolved: collection of their claims waits.
  const disputes: { caseId: string; claimIds: string[] }[] = await m.query(
    `SELECT case_id AS "caseId", claim_ids AS "claimIds" FROM cases.disputes WHERE case_id = ANY($1::uuid[]) AND status <> 'resolved' ORDER BY case_id, raised_at`,
    [ids],
  );
  const claimsOf = groupBy(claims, (c) => c.case_id);
  const disputesOf = groupBy(disputes, (d) => d.caseId);
  const historyOf = groupBy(history, (h) => h.caseId);
  const paymentsOf = groupBy(payments, (p) => p.caseId);
  for (const row of rows)
    facts.set(row.id, {
      debtor: { kind: row.kind, country: row.country.trim(), timeZone: row.time_zone },
      client: { sme: row.sme },
      agencyRegistration,
      currency: row.currency.trim(),
      paidMinor: BigInt(row.paid),
      history: historyOf.get(row.id) ?? [],
      payments: (paymentsOf.get(row.id) ?? []).map((p) => ({
        id: p.id,
        receivedOn: String(p.receivedOn),
        amountMinor: BigInt(p.amountMinor),
      })),
      // A claim's principal as collection counts it: less what disputes credited on it.
      claims: (claimsOf.get(row.id) ?? []).map((r) => ({
        ...claimOfRow(r),
        principalMinor: BigInt(r.principal_minor) - BigInt(r.credited_minor ?? 0),
        paidMinor: BigInt(r.paid_minor ?? 0),
        creditedMinor: BigInt(r.credited_minor ?? 0),
      })),
      disputes: (disputesOf.get(row.id) ?? []).map((d) => ({ claimIds: d.claimIds })),
    });
  return facts;
}

/** Items grouped by a key, each group in the items' order. */
export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const g = groups.get(k);
    if (g) g.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
