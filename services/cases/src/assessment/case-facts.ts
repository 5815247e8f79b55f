import type { EntityManager } from 'typeorm';
import { claimOfRow, type ClaimRow } from '../case-file/case-rows';
import type { ContactRecord } from '../contact-history/contact-history';
import type { CaseFacts } from './case-assessment';

interface FactsRow {
  currency: string;
  paid: string;
  kind: string;
  country: string;
  time_zone: string;
  sme: boolean;
}

/** What the legal engine needs to know of a case of the file (under the caller's walls); undefined when it is not there. */
export async function loadCaseFacts(m: EntityManager, caseId: string, agencyRegistration: string | null): Promise<CaseFacts | undefined> {
  const [row]: FactsRow[] = await m.query(
    `SELECT c.currency, c.paid_minor::text AS paid, d.kind, d.country, d.time_zone, cl.sme
       FROM cases.cases c JOIN cases.debtors d ON d.id = c.debtor_id JOIN cases.clients cl ON cl.id = c.client_id WHERE c.id = $1`,
    [caseId],
  );
  if (!row) return undefined;
  const claims: ClaimRow[] = await m.query(`SELECT * FROM cases.claims WHERE case_id = $1 ORDER BY due_date`, [caseId]);
  const history: ContactRecord[] = await m.query(
    `SELECT id, case_id AS "caseId", kind, channel, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, complete
       FROM cases.contact_history WHERE case_id = $1 ORDER BY at`,
    [caseId],
  );
  return {
    debtor: { kind: row.kind, country: row.country.trim(), timeZone: row.time_zone },
    client: { sme: row.sme },
    agencyRegistration,
    currency: row.currency.trim(),
    paidMinor: BigInt(row.paid),
    history,
    claims: claims.map(claimOfRow).map((c) => ({ ...c, principalMinor: BigInt(c.principalMinor) })),
  };
}
