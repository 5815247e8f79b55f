/**
 * What the database knows that a placement batch plans against: the client and its brands,
 * the batch's invoices already placed, its debtors by match key, and their open cases.
 */
import type { EntityManager } from 'typeorm';
import { DomainError } from '@amicus/errors';
import { uuidV7 } from '@amicus/ids';
import type { Debtor } from '../debtors/debtor';
import { matchKeys } from '../debtors/debtor-matching';
import { debtorsByIds } from '../debtors/debtor-rows';
import type { ContactOutcome } from '../worklist/worklist';
import { identityOf, openCaseKey, planPlacement, type KnownClaim, type PlacementKnowledge, type PlacementPlan } from './placement-plan';
import type { PlacementRow } from './row-validation';

export interface ClientFacts {
  country: string;
  brands: { id: string; name: string; languages: string[] }[];
}

export interface OpenCaseFacts {
  id: string;
  brandId: string;
  debtorId: string;
  currency: string;
  openMinor: bigint;
  oldestDueDate: string;
  brokenPromises: number;
  lastContactOutcome: ContactOutcome | null;
  openedByPlacementId: string | null;
  phase: string;
}

export interface PlannedBatch {
  plan: PlacementPlan;
  /** The open cases of the batch's known debtors. */
  cases: Map<string, OpenCaseFacts>;
  /** The batch's known debtors, by id. */
  debtors: Map<string, Debtor>;
}

export async function clientFacts(m: EntityManager, clientId: string): Promise<ClientFacts> {
  const [client]: { country: string }[] = await m.query(`SELECT country FROM cases.clients WHERE id = $1`, [clientId]);
  if (!client) throw new DomainError('not_found', `no client ${clientId}`, [{ field: 'clientId', reason: 'no such client' }]);
  const brands: ClientFacts['brands'] = await m.query(
    `SELECT id, name, languages FROM cases.brands WHERE client_id = $1 ORDER BY created_at, id`,
    [clientId],
  );
  return { country: client.country, brands };
}

/** The placement's brand: the one asked for, else the client's first. */
export function placementBrand(client: ClientFacts, brandId: string | null | undefined): ClientFacts['brands'][number] {
  if (brandId) {
    const brand = client.brands.find((b) => b.id === brandId);
    if (!brand) throw DomainError.invalid([{ field: 'brandId', reason: 'is not a brand of this client' }]);
    return brand;
  }
  const first = client.brands[0];
  if (!first) throw DomainError.invalid([{ field: 'brandId', reason: 'the client has no brand yet: create one first' }]);
  return first;
}

interface ClaimRow {
  invoice_number: string;
  id: string;
  case_id: string;
  principal: string;
  currency: string;
}
interface KeyRow {
  key: string;
  debtor_id: string;
}
interface CaseRow {
  id: string;
  brand_id: string;
  debtor_id: string;
  currency: string;
  open: string;
  oldest: string;
  broken_promises: number;
  last_contact_outcome: ContactOutcome | null;
  opened_by_placement_id: string | null;
  phase: string;
}

/** What the database knows of this batch's invoices and debtors, and the plan against it. */
export async function planBatch(
  m: EntityManager,
  batch: { clientId: string; brandId: string; rows: PlacementRow[]; rejected: number; brandOf: (row: PlacementRow) => string },
): Promise<PlannedBatch> {
  const { clientId, rows } = batch;
  const invoiceNumbers = [...new Set(rows.map((r) => r.claim.invoiceNumber))];
  const keys = [...new Set(rows.flatMap((r) => matchKeys(identityOf(r))))];
  const [claimRows, keyRows]: [ClaimRow[], KeyRow[]] = await Promise.all([
    m.query(
      `SELECT invoice_number, id, case_id, principal_minor::text AS principal, currency FROM cases.claims WHERE client_id = $1 AND invoice_number = ANY($2::text[])`,
      [clientId, invoiceNumbers],
    ),
    m.query(`SELECT key, debtor_id FROM cases.debtor_match_keys WHERE client_id = $1 AND key = ANY($2::text[])`, [clientId, keys]),
  ]);
  const debtorIds = [...new Set(keyRows.map((r) => r.debtor_id))];
  const [caseRows, debtorList]: [CaseRow[], Debtor[]] = debtorIds.length
    ? await Promise.all([
        m.query(
          `SELECT id, brand_id, debtor_id, currency, open_minor::text AS open, oldest_due_date::text AS oldest, broken_promises, last_contact_outcome, opened_by_placement_id, phase
             FROM cases.cases WHERE client_id = $1 AND debtor_id = ANY($2::uuid[]) AND phase <> 'closed'`,
          [clientId, debtorIds],
        ),
        debtorsByIds(m, debtorIds),
      ])
    : [[], []];

  const claims = new Map<string, KnownClaim>();
  for (const r of claimRows)
    claims.set(r.invoice_number, {
      claimId: r.id,
      caseId: r.case_id,
      principal: { amountMinor: BigInt(r.principal), currency: r.currency.trim() },
    });
  const cases = new Map<string, OpenCaseFacts>();
  const openCases = new Map<string, string>();
  for (const r of caseRows) {
    cases.set(r.id, {
      id: r.id,
      brandId: r.brand_id,
      debtorId: r.debtor_id,
      currency: r.currency.trim(),
      openMinor: BigInt(r.open),
      oldestDueDate: r.oldest,
      brokenPromises: r.broken_promises,
      lastContactOutcome: r.last_contact_outcome,
      openedByPlacementId: r.opened_by_placement_id,
      phase: r.phase,
    });
    openCases.set(openCaseKey(r.brand_id, r.debtor_id, r.currency.trim()), r.id);
  }
  const debtors = new Map(debtorList.map((d) => [d.id, d]));
  const known: PlacementKnowledge = { claims, debtors: new Map(keyRows.map((r) => [r.key, r.debtor_id])), openCases };

  const plan = planPlacement({
    clientId,
    brandId: batch.brandId,
    rows,
    rejectedRows: batch.rejected,
    known,
    newId: () => uuidV7(),
    brandOf: batch.brandOf,
  });
  return { plan, cases, debtors };
}
